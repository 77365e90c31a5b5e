package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

// Labels and keys of the ledger's ConfigMaps.
const (
	// LabelLedgerOf carries the owning CatalogSync's UID (a name may be longer than a label value).
	LabelLedgerOf = "pim.catalogsync.io/ledger-of"
	// LabelPart is "head" or "chunk".
	LabelPart = "pim.catalogsync.io/ledger-part"
	chunkKey  = "chunk"
)

// Store keeps each CatalogSync's ledger in ConfigMaps of its namespace, owned by it (deleted
// with it): a head that names the committed generation's chunks and their checksum, and the
// chunks. A commit writes the new generation's chunks first and then the head, in one update,
// so a reader sees the previous generation or the new one whole, never a mix; the chunks of
// older generations are deleted afterwards.
type Store struct {
	// Client writes; Reader reads, uncached (the manager does not cache ConfigMaps).
	Client client.Client
	Reader client.Reader
}

// Health says whether a stored ledger could be read.
type Health struct {
	// Intact is false when the ledger was missing or damaged: the caller reads the whole scope
	// again to rebuild it.
	Intact bool
	// Missing is set when there was no ledger at all (or one of another object of that name).
	Missing bool
	Message string
}

// Stats describes a committed ledger.
type Stats struct {
	Generation  int64
	Records     int
	Chunks      int
	RawBytes    int64
	StoredBytes int64
}

// HeadName is the name of a CatalogSync's ledger head ConfigMap.
func HeadName(syncName string) string { return base(syncName) + "-ledger" }

func chunkName(syncName string, generation int64, i int) string {
	return fmt.Sprintf("%s-ledger-g%d-%d", base(syncName), generation, i)
}

// base keeps ConfigMap names within 253 characters for the longest CatalogSync names.
func base(name string) string {
	if len(name) <= 220 {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	return name[:210] + "-" + hex.EncodeToString(sum[:])[:8]
}

// Load reads the committed ledger. A missing ledger, or one whose chunks are missing or do not
// match the checksum, comes back empty with a Health that says so; only API errors are errors.
func (s *Store) Load(ctx context.Context, obj *pimv1alpha1.CatalogSync) (*Ledger, Health, error) {
	head := &corev1.ConfigMap{}
	err := s.Reader.Get(ctx, client.ObjectKey{Namespace: obj.Namespace, Name: HeadName(obj.Name)}, head)
	switch {
	case apierrors.IsNotFound(err):
		return New(), Health{Missing: true, Message: fmt.Sprintf("ConfigMap %s not found", HeadName(obj.Name))}, nil
	case err != nil:
		return nil, Health{}, fmt.Errorf("reading the ledger head ConfigMap %s: %w", HeadName(obj.Name), err)
	case head.Labels[LabelLedgerOf] != string(obj.UID):
		return New(), Health{Missing: true, Message: fmt.Sprintf("ConfigMap %s belongs to another object of that name", head.Name)}, nil
	}
	var chunks [][]byte
	for _, name := range chunkNames(head) {
		cm := &corev1.ConfigMap{}
		if err := s.Reader.Get(ctx, client.ObjectKey{Namespace: obj.Namespace, Name: name}, cm); err != nil {
			if apierrors.IsNotFound(err) {
				return New(), Health{Message: fmt.Sprintf("ledger chunk ConfigMap %s is missing", name)}, nil
			}
			return nil, Health{}, fmt.Errorf("reading the ledger chunk ConfigMap %s: %w", name, err)
		}
		chunks = append(chunks, cm.BinaryData[chunkKey])
	}
	l, err := Decode(chunks, head.Data["checksum"])
	if errors.Is(err, ErrCorrupt) {
		return New(), Health{Message: fmt.Sprintf("the ledger in ConfigMap %s and its chunks is damaged (%v)", head.Name, err)}, nil
	}
	if err != nil {
		return nil, Health{}, err
	}
	l.Pass.Full, _ = strconv.ParseBool(head.Data["passFull"])
	l.Pass.Revision = head.Data["passRevision"]
	if w, err := time.Parse(time.RFC3339Nano, head.Data["passWatermark"]); err == nil && w.Year() > 1 {
		l.Pass.Watermark = w
	}
	return l, Health{Intact: true}, nil
}

func chunkNames(head *corev1.ConfigMap) []string {
	if head.Data["chunks"] == "" {
		return nil
	}
	return strings.Split(head.Data["chunks"], ",")
}

// Commit stores the ledger as a new generation.
func (s *Store) Commit(ctx context.Context, obj *pimv1alpha1.CatalogSync, l *Ledger, at time.Time) (Stats, error) {
	enc, err := Encode(l)
	if err != nil {
		return Stats{}, err
	}
	head := &corev1.ConfigMap{}
	err = s.Reader.Get(ctx, client.ObjectKey{Namespace: obj.Namespace, Name: HeadName(obj.Name)}, head)
	exists := err == nil
	if err != nil && !apierrors.IsNotFound(err) {
		return Stats{}, fmt.Errorf("reading the ledger head ConfigMap %s: %w", HeadName(obj.Name), err)
	}
	generation, _ := strconv.ParseInt(head.Data["generation"], 10, 64)
	generation++
	stats := Stats{Generation: generation, Records: enc.Records, Chunks: len(enc.Chunks), RawBytes: enc.RawBytes}
	names := make([]string, len(enc.Chunks))
	for i, data := range enc.Chunks {
		names[i] = chunkName(obj.Name, generation, i)
		stats.StoredBytes += int64(len(data))
		cm := s.object(obj, names[i], "chunk")
		cm.BinaryData = map[string][]byte{chunkKey: data}
		if err := s.put(ctx, cm); err != nil {
			return Stats{}, fmt.Errorf("writing the ledger chunk ConfigMap %s: %w", names[i], err)
		}
	}
	newHead := s.object(obj, HeadName(obj.Name), "head")
	newHead.Data = map[string]string{
		"generation": strconv.FormatInt(generation, 10), "checksum": enc.Checksum, "chunks": strings.Join(names, ","),
		"records": strconv.Itoa(enc.Records), "rawBytes": strconv.FormatInt(enc.RawBytes, 10),
		"storedBytes": strconv.FormatInt(stats.StoredBytes, 10), "committedAt": at.UTC().Format(time.RFC3339),
		"passWatermark": l.Pass.Watermark.UTC().Format(time.RFC3339Nano), "passFull": strconv.FormatBool(l.Pass.Full),
		"passRevision": l.Pass.Revision,
	}
	if exists {
		// The update carries the head's resourceVersion: a concurrent commit (a leader that lost
		// its lease) makes one of the two fail rather than both half-succeed.
		newHead.ResourceVersion = head.ResourceVersion
		err = s.Client.Update(ctx, newHead)
	} else {
		err = s.Client.Create(ctx, newHead)
	}
	if err != nil {
		return Stats{}, fmt.Errorf("committing the ledger head ConfigMap %s: %w", newHead.Name, err)
	}
	return stats, s.prune(ctx, obj, names)
}

// prune deletes the chunks no head names: older generations, and those of a commit that
// stopped before its head was written.
func (s *Store) prune(ctx context.Context, obj *pimv1alpha1.CatalogSync, keep []string) error {
	list := &corev1.ConfigMapList{}
	if err := s.Reader.List(ctx, list, client.InNamespace(obj.Namespace),
		client.MatchingLabels{LabelLedgerOf: string(obj.UID), LabelPart: "chunk"}); err != nil {
		return fmt.Errorf("listing the ledger chunk ConfigMaps: %w", err)
	}
	kept := map[string]bool{}
	for _, n := range keep {
		kept[n] = true
	}
	for i := range list.Items {
		cm := &list.Items[i]
		if kept[cm.Name] {
			continue
		}
		if err := s.Client.Delete(ctx, cm); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("deleting the old ledger chunk ConfigMap %s: %w", cm.Name, err)
		}
	}
	return nil
}

// put creates a chunk, or replaces one a stopped commit left under the same name.
func (s *Store) put(ctx context.Context, cm *corev1.ConfigMap) error {
	err := s.Client.Create(ctx, cm)
	if !apierrors.IsAlreadyExists(err) {
		return err
	}
	old := &corev1.ConfigMap{}
	if err := s.Reader.Get(ctx, client.ObjectKeyFromObject(cm), old); err != nil {
		return err
	}
	cm.ResourceVersion = old.ResourceVersion
	return s.Client.Update(ctx, cm)
}

func (s *Store) object(obj *pimv1alpha1.CatalogSync, name, part string) *corev1.ConfigMap {
	return &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{
		Name: name, Namespace: obj.Namespace,
		Labels: map[string]string{LabelLedgerOf: string(obj.UID), LabelPart: part, "app.kubernetes.io/managed-by": "catalogsync-operator"},
		OwnerReferences: []metav1.OwnerReference{{
			APIVersion: pimv1alpha1.GroupVersion.String(), Kind: "CatalogSync", Name: obj.Name, UID: obj.UID,
			Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(false),
		}},
	}}
}
