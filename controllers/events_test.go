package controllers

import (
	"reflect"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/events"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
)

func TestEmitMappingEvents(t *testing.T) {
	mapping := func(conds ...metav1.Condition) *pimv1alpha1.AttributeMapping {
		return &pimv1alpha1.AttributeMapping{Status: pimv1alpha1.AttributeMappingStatus{Conditions: conds}}
	}
	c := func(typ string, status metav1.ConditionStatus, reason, msg string) metav1.Condition {
		return metav1.Condition{Type: typ, Status: status, Reason: reason, Message: msg}
	}
	stalled := c(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonMappingInvalid, `1 problem: Plytix has no attribute labelled "descr"`)
	notReady := c(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonMappingInvalid, `1 problem: Plytix has no attribute labelled "descr"`)
	ready := c(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonValid, "Valid")
	invalid := c(pimv1alpha1.ConditionValidated, metav1.ConditionFalse, pimv1alpha1.ReasonUnknownAttributes, "1 problem")
	valid := c(pimv1alpha1.ConditionValidated, metav1.ConditionTrue, pimv1alpha1.ReasonValid, "Every rule matches")
	unmapped := c(pimv1alpha1.ConditionUnmappedAttributes, metav1.ConditionTrue, pimv1alpha1.ReasonNewPlytixAttributes, `Plytix attribute "gallery" is not mapped`)
	cases := []struct {
		name          string
		before, after *pimv1alpha1.AttributeMapping
		want          []string
	}{
		{name: "a stall is a warning, and so is Ready leaving True", before: mapping(ready, valid), after: mapping(notReady, stalled, invalid),
			want: []string{
				`Warning MappingInvalid 1 problem: Plytix has no attribute labelled "descr"`,
				`Warning MappingInvalid 1 problem: Plytix has no attribute labelled "descr"`,
				"Warning UnknownAttributes 1 problem",
			}},
		{name: "nothing changed: no event", before: mapping(ready, valid, unmapped), after: mapping(ready, valid, unmapped)},
		{name: "recovered", before: mapping(notReady, stalled, invalid), after: mapping(ready, valid),
			want: []string{"Normal Valid Valid", "Normal Valid Every rule matches"}},
		{name: "new unmapped Plytix attributes", before: mapping(ready, valid), after: mapping(ready, valid, unmapped),
			want: []string{`Warning NewPlytixAttributes Plytix attribute "gallery" is not mapped`}},
		{name: "first validation that passes is not news", before: mapping(), after: mapping(valid),
			want: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := events.NewFakeRecorder(10)
			emitMappingEvents(rec, tc.before, tc.after)
			close(rec.Events)
			var got []string
			for e := range rec.Events {
				got = append(got, e)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("events = %q, want %q", got, tc.want)
			}
		})
	}
}
