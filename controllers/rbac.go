package controllers

// The operator's permissions, least privilege: it reads its own kinds and writes only their
// status; it reads the Secrets that CatalogSyncs reference (watched, so a rotated credential takes
// effect without polling); it records events. It writes nothing else in the cluster.
//
// +kubebuilder:rbac:groups=pim.catalogsync.io,resources=catalogsyncs;attributemappings,verbs=get;list;watch
// +kubebuilder:rbac:groups=pim.catalogsync.io,resources=catalogsyncs/status;attributemappings/status,verbs=get;update;patch
// +kubebuilder:rbac:groups="",resources=secrets,verbs=get;list;watch
// +kubebuilder:rbac:groups="",resources=events,verbs=create;patch
// +kubebuilder:rbac:groups="",resources=configmaps,verbs=get;list;create;update;delete
// +kubebuilder:rbac:groups=events.k8s.io,resources=events,verbs=create;patch
