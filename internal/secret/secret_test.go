package secret

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestValueNeverPrintsItsContent(t *testing.T) {
	v := New("s3cr3t-token")
	type carrier struct {
		Token Value
		Name  string
	}
	c := carrier{Token: v, Name: "x"}
	js, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	outputs := []string{
		fmt.Sprint(v), fmt.Sprintf("%v %s %q %x %#v %+v", v, v, v, v, v, v),
		fmt.Sprintf("%+v %#v", c, c), string(js), v.String(), fmt.Sprint(v.MarshalLog()),
		fmt.Errorf("auth failed with %v", v).Error(), errors.New(fmt.Sprint(c)).Error(),
	}
	for _, out := range outputs {
		if strings.Contains(out, "s3cr3t") {
			t.Errorf("secret leaked in %q", out)
		}
		if !strings.Contains(out, redacted) {
			t.Errorf("expected %q in %q", redacted, out)
		}
	}
	if v.Reveal() != "s3cr3t-token" {
		t.Errorf("Reveal() = %q", v.Reveal())
	}
	if v.Empty() || !New("").Empty() {
		t.Error("Empty() wrong")
	}
}
