package controllers

import (
	"fmt"
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	pimv1alpha1 "github.com/catalogsync/catalogsync-operator/api/v1alpha1"
	"github.com/catalogsync/catalogsync-operator/internal/mapping"
)

// mappingStatus computes an AttributeMapping's status from the CatalogSyncs that use it: their
// last runs compiled the mapping against live Plytix definitions and Centra reference data, so
// the mapping controller reads no external API and spends no quota.
func mappingStatus(m *pimv1alpha1.AttributeMapping, users []pimv1alpha1.CatalogSync, now time.Time) pimv1alpha1.AttributeMappingStatus {
	st := pimv1alpha1.AttributeMappingStatus{ObservedGeneration: m.Generation, Conditions: m.Status.Conditions}
	c := conditionSetter{conditions: &st.Conditions, generation: m.Generation, now: metav1.NewTime(now)}
	sort.Slice(users, func(i, j int) bool { return users[i].Name < users[j].Name })
	var waitingFor []string
	for _, u := range users {
		if len(st.UsedBy) < 64 {
			st.UsedBy = append(st.UsedBy, u.Name)
		}
		if t := u.Status.LastSyncTime; t != nil && (st.LastSyncTime == nil || t.After(st.LastSyncTime.Time)) {
			st.LastSyncTime = t
		}
		if !usedGeneration(u, m) {
			waitingFor = append(waitingFor, u.Name)
		}
	}
	st.Problems = mappingProblems(m.Name, users)
	st.Attributes = mappingAttributes(m, users)

	invalid, gaps := splitProblems(st.Problems)
	var unmapped []pimv1alpha1.MappingProblem
	for _, p := range gaps {
		if p.Type != pimv1alpha1.ProblemBrandNotInStore {
			unmapped = append(unmapped, p)
		}
	}
	switch {
	case len(users) == 0:
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonNotUsed, "Not used by any CatalogSync in this namespace")
		c.remove(pimv1alpha1.ConditionReconciling)
		c.remove(pimv1alpha1.ConditionStalled)
		c.remove(pimv1alpha1.ConditionValidated)
		c.remove(pimv1alpha1.ConditionUnmappedAttributes)
		c.remove(pimv1alpha1.ConditionAttributesFailing)
		return st
	case len(waitingFor) == len(users):
		msg := fmt.Sprintf("Waiting for a run of %s with generation %d to validate the rules against Plytix and Centra",
			strings.Join(waitingFor, ", "), m.Generation)
		c.set(pimv1alpha1.ConditionReconciling, metav1.ConditionTrue, pimv1alpha1.ReasonProgressing, msg)
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionUnknown, pimv1alpha1.ReasonProgressing, msg)
		c.set(pimv1alpha1.ConditionValidated, metav1.ConditionUnknown, pimv1alpha1.ReasonProgressing, msg)
		c.remove(pimv1alpha1.ConditionStalled)
		return st
	}
	c.remove(pimv1alpha1.ConditionReconciling)
	if len(invalid) > 0 {
		msg := fmt.Sprintf("%s: %s", plural(int64(len(invalid)), "problem", "problems"), invalid[0].Message)
		c.set(pimv1alpha1.ConditionValidated, metav1.ConditionFalse, pimv1alpha1.ReasonUnknownAttributes, msg)
		c.set(pimv1alpha1.ConditionStalled, metav1.ConditionTrue, pimv1alpha1.ReasonMappingInvalid, msg)
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionFalse, pimv1alpha1.ReasonMappingInvalid, msg)
	} else {
		c.set(pimv1alpha1.ConditionValidated, metav1.ConditionTrue, pimv1alpha1.ReasonValid, "Every rule matches the live Plytix attributes and Centra attribute types")
		c.remove(pimv1alpha1.ConditionStalled)
	}
	if len(unmapped) > 0 {
		c.set(pimv1alpha1.ConditionUnmappedAttributes, metav1.ConditionTrue, pimv1alpha1.ReasonNewPlytixAttributes, unmappedMessage(unmapped))
	} else {
		c.set(pimv1alpha1.ConditionUnmappedAttributes, metav1.ConditionFalse, pimv1alpha1.ReasonAllMapped, "Every Plytix attribute in scope is mapped")
	}
	failing := map[string]int64{}
	for _, a := range st.Attributes {
		if a.Failed > 0 {
			failing[a.Name] = a.Failed
		}
	}
	if len(failing) > 0 {
		c.set(pimv1alpha1.ConditionAttributesFailing, metav1.ConditionTrue, pimv1alpha1.ReasonAttributesRejected,
			"Failing values by SKU: "+countPhrase(failing, 5))
	} else {
		c.set(pimv1alpha1.ConditionAttributesFailing, metav1.ConditionFalse, pimv1alpha1.ReasonNoFailures, "Every rule's values were written or are unchanged")
	}
	if len(invalid) == 0 {
		var synced int64
		for _, a := range st.Attributes {
			synced += a.Synced
		}
		c.set(pimv1alpha1.ConditionReady, metav1.ConditionTrue, pimv1alpha1.ReasonValid,
			fmt.Sprintf("Used by %s; %s rules wrote %s values", strings.Join(st.UsedBy, ", "), formatCount(int64(len(m.Spec.Rules))), formatCount(synced)))
	}
	return st
}

// usedGeneration reports whether the sync's last run used this generation of the mapping.
func usedGeneration(s pimv1alpha1.CatalogSync, m *pimv1alpha1.AttributeMapping) bool {
	for _, om := range s.Status.ObservedMappings {
		if om.Name == m.Name && om.Generation == m.Generation {
			return true
		}
	}
	return false
}

// mappingProblems collects the problems the users found in this mapping, and the sync-wide
// coverage gaps (unmapped Plytix attributes), each once. A sync-wide invalid problem (in a
// CatalogSync's hierarchy, say) is that CatalogSync's to report, not every mapping's.
func mappingProblems(name string, users []pimv1alpha1.CatalogSync) *pimv1alpha1.ProblemList {
	list := &pimv1alpha1.ProblemList{}
	seen := map[string]bool{}
	for _, u := range users {
		if u.Status.MappingProblems == nil {
			continue
		}
		list.Truncated = list.Truncated || u.Status.MappingProblems.Truncated
		for _, p := range u.Status.MappingProblems.Items {
			if p.Mapping != name && (p.Mapping != "" || (mapping.Problem{Type: p.Type}).Invalid()) {
				continue
			}
			key := p.Type + "\x00" + p.Field + "\x00" + p.Message
			if seen[key] {
				continue
			}
			seen[key] = true
			list.Total++
			if len(list.Items) < pimv1alpha1.MaxStatusFailures {
				p.CatalogSync = u.Name
				list.Items = append(list.Items, p)
			} else {
				list.Truncated = true
			}
		}
	}
	if list.Total == 0 {
		return nil
	}
	return list
}

// splitProblems separates problems that make the mapping wrong from gaps in what it covers.
func splitProblems(list *pimv1alpha1.ProblemList) (invalid, gaps []pimv1alpha1.MappingProblem) {
	if list == nil {
		return nil, nil
	}
	for _, p := range list.Items {
		if (mapping.Problem{Type: p.Type}).Invalid() {
			invalid = append(invalid, p)
		} else {
			gaps = append(gaps, p)
		}
	}
	return invalid, gaps
}

// unmappedMessage names the Plytix attributes no rule maps, then the other coverage gaps.
func unmappedMessage(problems []pimv1alpha1.MappingProblem) string {
	var labels, others []string
	for _, p := range problems {
		if p.Type != pimv1alpha1.ProblemUnmappedSourceAttribute {
			others = append(others, p.Message)
			continue
		}
		// Messages read `Plytix attribute "label" (Name) is not mapped ...`.
		if _, rest, ok := strings.Cut(p.Message, `"`); ok {
			if label, _, ok := strings.Cut(rest, `"`); ok {
				labels = append(labels, label)
			}
		}
	}
	var parts []string
	if len(labels) > 0 {
		parts = append(parts, fmt.Sprintf("%s in Plytix no rule maps: %s", plural(int64(len(labels)), "attribute", "attributes"), countlessList(labels, 8)))
	}
	return strings.Join(append(parts, others...), "; ")
}

func countlessList(items []string, limit int) string {
	if len(items) > limit {
		return strings.Join(items[:limit], ", ") + fmt.Sprintf(" and %d more", len(items)-limit)
	}
	return strings.Join(items, ", ")
}

// mappingAttributes sums the users' attribute rows for the targets this mapping writes.
func mappingAttributes(m *pimv1alpha1.AttributeMapping, users []pimv1alpha1.CatalogSync) []pimv1alpha1.AttributeStatus {
	targets := map[string]bool{}
	for _, r := range m.Spec.Rules {
		targets[mapping.TargetName(r.To)] = true
	}
	rows := map[string]*pimv1alpha1.AttributeStatus{}
	for _, u := range users {
		for _, a := range u.Status.Attributes {
			if !targets[a.Name] {
				continue
			}
			row, ok := rows[a.Name]
			if !ok {
				row = &pimv1alpha1.AttributeStatus{Name: a.Name, Source: a.Source}
				rows[a.Name] = row
			}
			row.Synced += a.Synced
			row.Missing += a.Missing
			row.Failed += a.Failed
			row.Drifted += a.Drifted
			row.Pending += a.Pending
			if a.LastError != "" {
				row.LastError = a.LastError
			}
			for _, sku := range a.SampleSKUs {
				if len(row.SampleSKUs) < pimv1alpha1.MaxSampleSKUs {
					row.SampleSKUs = append(row.SampleSKUs, sku)
				}
			}
		}
	}
	out := make([]pimv1alpha1.AttributeStatus, 0, len(rows))
	for _, row := range rows {
		out = append(out, *row)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
