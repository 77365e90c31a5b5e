package plytix

import "testing"

func TestRefusesField_MatchesWholeWordsOnly(t *testing.T) {
	cases := []struct {
		fields []FieldError
		msg    string
		field  string
		want   bool
	}{
		{[]FieldError{{Field: "id", Msg: "field does not exist"}}, "Schema validation error", "id", true},
		{[]FieldError{{Field: "filters.0.0.modified", Msg: "Not a valid date."}}, "", "modified", true},
		{[]FieldError{{Field: "value", Msg: "Not a valid date."}}, "", "id", false},
		{nil, `unknown field "id"`, "id", true},
		{nil, "Not a valid modified_at", "modified", false},
	}
	for _, tc := range cases {
		err := &ValidationError{Details{StatusCode: 422, Message: tc.msg, Fields: tc.fields}}
		if got := refusesField(err, tc.field); got != tc.want {
			t.Errorf("refusesField(%+v, %q) = %v, want %v", err.Details, tc.field, got, tc.want)
		}
	}
	if refusesField(&RequestError{Details{StatusCode: 400, Message: "id"}}, "id") {
		t.Error("only 422s refuse fields")
	}
}

func TestProductColumns(t *testing.T) {
	got := ProductColumns("brand", "color")
	if len(got) != len(SystemColumns)+2 || got[len(got)-1] != "attributes.color" || got[0] != "label" {
		t.Fatalf("ProductColumns = %v", got)
	}
}
