package businesscase

import (
	"encoding/json"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The JSON Schema in docs/ and the Go decoder describe the same format; these tests keep them
// from drifting apart.

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../../docs/businesscase.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	return s
}

// jsonNames are the JSON property names of a struct type, from its tags.
func jsonNames(t reflect.Type) []string {
	var names []string
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func TestSchemaMatchesStructTags(t *testing.T) {
	s := loadSchema(t)
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v, want draft 2020-12", s["$schema"])
	}
	defs, _ := s["$defs"].(map[string]any)
	objects := map[string]struct {
		schema map[string]any
		typ    reflect.Type
	}{"(root)": {s, reflect.TypeFor[Case]()}}
	for def, typ := range map[string]reflect.Type{
		"targets":      reflect.TypeFor[Targets](),
		"intervention": reflect.TypeFor[Intervention](),
		"cohort":       reflect.TypeFor[Cohort](),
		"cost":         reflect.TypeFor[Cost](),
		"effect":       reflect.TypeFor[Effect](),
		"share":        reflect.TypeFor[Share](),
		"benefit":      reflect.TypeFor[Benefit](),
	} {
		d, ok := defs[def].(map[string]any)
		if !ok {
			t.Errorf("schema has no $defs/%s", def)
			continue
		}
		objects[def] = struct {
			schema map[string]any
			typ    reflect.Type
		}{d, typ}
	}
	for name, o := range objects {
		props, _ := o.schema["properties"].(map[string]any)
		var inSchema []string
		for p := range props {
			inSchema = append(inSchema, p)
		}
		slices.Sort(inSchema)
		if want := jsonNames(o.typ); !slices.Equal(inSchema, want) {
			t.Errorf("%s: schema properties %v, Go %s tags %v", name, inSchema, o.typ.Name(), want)
		}
		if o.schema["additionalProperties"] != false {
			t.Errorf("%s: schema allows additional properties; the decoder does not", name)
		}
		// A field the decoder needs is required in the schema and has no omitempty in Go.
		req, _ := o.schema["required"].([]any)
		for _, r := range req {
			f, ok := fieldByJSONName(o.typ, r.(string))
			if !ok || strings.Contains(f.Tag.Get("json"), "omitempty") {
				t.Errorf("%s: %v is required in the schema but optional in Go", name, r)
			}
		}
	}
}

func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		if n, _, _ := strings.Cut(f.Tag.Get("json"), ","); n == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// Every shipped example passes the Go decoder, unknown fields refused.
func TestExamplesDecode(t *testing.T) {
	names, err := fs.Glob(ExampleFiles(), "*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		f, err := ExampleFiles().Open(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Load(f, n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
		f.Close()
	}
}

// The stakeholder list in the schema's description names exactly the standard stakeholders.
func TestSchemaNamesStandardStakeholders(t *testing.T) {
	s := loadSchema(t)
	props := s["properties"].(map[string]any)
	desc := props["extra_stakeholders"].(map[string]any)["description"].(string)
	for id := range Stakeholders {
		if !strings.Contains(desc, id) {
			t.Errorf("schema description of extra_stakeholders does not name %q", id)
		}
	}
}
