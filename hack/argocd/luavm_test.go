package argocd

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/runtime"
)

// customizations is where the scripts live, in the layout of Argo CD's resource_customizations.
var customizations = filepath.Join("..", "..", "config", "argocd", "resource_customizations", "pim.catalogsync.io")

// script reads a script by its path under customizations, such as CatalogSync/health.lua.
func script(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(customizations, filepath.FromSlash(path)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// runLua runs a script as Argo CD's util/lua does for scripts configured in argocd-cm: Lua's
// standard libraries are not opened, only package, base, table and a safe os module holding
// date and time, reached through require("os"); the object is the global table obj; the run is bounded by a one-second
// context. It returns the script's return value converted as Argo CD reads it.
func runLua(t *testing.T, src string, obj map[string]any) any {
	t.Helper()
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.OsLibName, lua.OpenOs},
	} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			t.Fatalf("opening %s: %v", lib.name, err)
		}
	}
	// Argo CD exposes only os.date and os.time, and only as a module a script must require: os
	// is no global there, so a script that uses it as one fails as it would in Argo CD.
	full := l.GetGlobal(lua.OsLibName).(*lua.LTable)
	safe := l.NewTable()
	safe.RawSetString("date", full.RawGetString("date"))
	safe.RawSetString("time", full.RawGetString("time"))
	l.SetGlobal(lua.OsLibName, lua.LNil)
	l.SetField(l.GetField(l.GetGlobal("package"), "loaded"), lua.OsLibName, safe)

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(src); err != nil {
		t.Fatalf("script failed: %v", err)
	}
	ret := l.Get(-1)
	if ret.Type() != lua.LTTable {
		t.Fatalf("script returned %s, Argo CD expects a table", ret.Type())
	}
	return fromLua(ret)
}

// toLua converts an object as Argo CD does: maps and slices become tables, numbers (int64 from
// the API server's JSON, or float64) become Lua numbers, json.Number becomes a string, and
// anything else becomes nil.
func toLua(l *lua.LState, v any) lua.LValue {
	switch v := v.(type) {
	case bool:
		return lua.LBool(v)
	case string:
		return lua.LString(v)
	case json.Number:
		return lua.LString(v)
	case int:
		return lua.LNumber(v)
	case int32:
		return lua.LNumber(v)
	case int64:
		return lua.LNumber(v)
	case float64:
		return lua.LNumber(v)
	case []any:
		table := l.CreateTable(len(v), 0)
		for _, item := range v {
			table.Append(toLua(l, item))
		}
		return table
	case map[string]any:
		table := l.CreateTable(0, len(v))
		for key, item := range v {
			table.RawSetString(key, toLua(l, item))
		}
		return table
	}
	return lua.LNil
}

// fromLua converts a returned value back to Go: a table with keys 1..n is a slice, any other
// table a map; whole numbers are int64, as Argo CD's JSON round trip makes them.
func fromLua(v lua.LValue) any {
	switch v := v.(type) {
	case lua.LBool:
		return bool(v)
	case lua.LString:
		return string(v)
	case lua.LNumber:
		f := float64(v)
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f)
		}
		return f
	case *lua.LTable:
		keys := 0
		v.ForEach(func(lua.LValue, lua.LValue) { keys++ })
		if n := v.MaxN(); n > 0 && n == keys {
			out := make([]any, 0, n)
			for i := 1; i <= n; i++ {
				out = append(out, fromLua(v.RawGetInt(i)))
			}
			return out
		}
		out := map[string]any{}
		v.ForEach(func(key, value lua.LValue) { out[key.String()] = fromLua(value) })
		return out
	}
	return nil
}

// unstructured converts a typed object to the map the API server would return, which is what
// Argo CD hands its scripts.
func unstructured(t *testing.T, obj any) map[string]any {
	t.Helper()
	out, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
