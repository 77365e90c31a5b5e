package plytix

import (
	"encoding/json"
	"reflect"
	"testing"
)

func raws(objs ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(objs))
	for i, o := range objs {
		out[i] = json.RawMessage(o)
	}
	return out
}

func ids(t *testing.T, products []json.RawMessage) []string {
	t.Helper()
	out := make([]string, len(products))
	for i, raw := range products {
		var p Product
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		out[i] = p.ID
	}
	return out
}

func TestPlanPasses_SplitsAtTheLimitSystemFieldsFirst_Sec5_3(t *testing.T) {
	cols := normalizeColumns([]string{"attributes.a", "label", "sku", "attributes.b", "id", "modified", "attributes.a", " "}, "modified")
	if want := []string{"modified", "label", "attributes.a", "attributes.b"}; !reflect.DeepEqual(cols, want) {
		t.Fatalf("normalized = %v, want %v", cols, want)
	}
	passes, err := planPasses(cols, 3)
	if err != nil || !reflect.DeepEqual(passes, [][]string{{"modified", "label", "attributes.a"}, {"attributes.b"}}) {
		t.Fatalf("passes = %v, %v", passes, err)
	}
	if _, err := planPasses(make([]string, 65), 1); err == nil {
		t.Fatal("want too many passes refused")
	}
}

func TestMerger_ShiftedPagesCompleteByID(t *testing.T) {
	m := newMerger(2)
	// Pass 1 lost "a" and gained "d" between the two requests of page 1.
	done, err := m.add([][]json.RawMessage{
		raws(`{"id":"a","sku":"A","label":"A","attributes":{}}`, `{"id":"b","sku":"B","label":"B","attributes":{}}`, `{"id":"c","sku":"C","label":"C","attributes":{}}`),
		raws(`{"id":"b","sku":"B","attributes":{"x":1}}`, `{"id":"c","sku":"C","attributes":{"x":2}}`, `{"id":"d","sku":"D","attributes":{"x":3}}`),
	})
	if err != nil || !reflect.DeepEqual(ids(t, done), []string{"b", "c"}) {
		t.Fatalf("page 1 done = %v, %v", ids(t, done), err)
	}
	done, err = m.add([][]json.RawMessage{
		raws(`{"id":"d","sku":"D","label":"D","attributes":{}}`, `{"id":"e","sku":"E","label":"E","attributes":{}}`),
		raws(`{"id":"e","sku":"E","attributes":{"x":5}}`, `{"id":"g","sku":"G","attributes":{"x":7}}`),
	})
	if err != nil || !reflect.DeepEqual(ids(t, done), []string{"d", "e"}) {
		t.Fatalf("page 2 done = %v, %v", ids(t, done), err)
	}
	var d Product
	_ = json.Unmarshal(done[0], &d)
	if d.Label != "D" || string(d.Attributes["x"]) != "3" {
		t.Fatalf("d merged as %+v", d)
	}
	stragglers := m.stragglers()
	if len(stragglers) != 1 || scalarText(stragglers[0].obj["id"]) != "a" {
		t.Fatalf("stragglers = %v, want only a (g was never in scope)", stragglers)
	}
	if len(m.pending) != 0 {
		t.Fatal("pending products outlive the window")
	}
}

func TestMerger_RejectsProductsWithoutID(t *testing.T) {
	m := newMerger(1)
	if _, err := m.add([][]json.RawMessage{raws(`{"sku":"A"}`)}); err == nil || err.Error() != "product without an id" {
		t.Fatalf("err = %v", err)
	}
	if _, err := m.add([][]json.RawMessage{raws(`[1]`)}); err == nil {
		t.Fatal("want a non-object refused")
	}
}
