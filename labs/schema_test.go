package labs

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaDefs names the definition of the JSON Schema that documents each
// type of the format ("" is the schema's root).
var schemaDefs = map[reflect.Type]string{
	reflect.TypeFor[Lab]():           "",
	reflect.TypeFor[Ref]():           "ref",
	reflect.TypeFor[Account]():       "account",
	reflect.TypeFor[User]():          "user",
	reflect.TypeFor[Group]():         "group",
	reflect.TypeFor[Role]():          "role",
	reflect.TypeFor[Policy]():        "policy",
	reflect.TypeFor[Inline]():        "inline",
	reflect.TypeFor[Task]():          "task",
	reflect.TypeFor[Check]():         "check",
	reflect.TypeFor[EventCheck]():    "event_check",
	reflect.TypeFor[EntityCheck]():   "entity_check",
	reflect.TypeFor[DecisionCheck](): "decision_check",
	reflect.TypeFor[ResourceCheck](): "resource_check",
	reflect.TypeFor[AnswerCheck]():   "answer_check",
}

type schemaObject struct {
	Required   []string                   `json:"required"`
	Properties map[string]json.RawMessage `json:"properties"`
	Defs       map[string]schemaObject    `json:"$defs"`
}

// TestSchemaMatchesFormat: the committed JSON Schema has exactly the keys
// the decoder reads, and requires exactly those it requires.
func TestSchemaMatchesFormat(t *testing.T) {
	t.Parallel()
	var root schemaObject
	if err := json.Unmarshal(Schema, &root); err != nil {
		t.Fatal(err)
	}
	for typ, def := range schemaDefs {
		obj := root
		if def != "" {
			var ok bool
			if obj, ok = root.Defs[def]; !ok {
				t.Errorf("the schema has no definition %q for %s", def, typ)
				continue
			}
		}
		var keys, required []string
		for _, f := range fieldsOf(typ) {
			keys = append(keys, f.key)
			if f.required {
				required = append(required, f.key)
			}
		}
		var props []string
		for k := range obj.Properties {
			props = append(props, k)
		}
		slices.Sort(keys)
		slices.Sort(props)
		slices.Sort(required)
		slices.Sort(obj.Required)
		if !slices.Equal(keys, props) {
			t.Errorf("%s: the decoder reads %v, the schema has %v", typ.Name(), keys, props)
		}
		if !slices.Equal(required, obj.Required) {
			t.Errorf("%s: the decoder requires %v, the schema %v", typ.Name(), required, obj.Required)
		}
	}
}

// TestBuiltinLabsConformToSchema: each built-in lab, read as YAML, is valid
// against the committed schema by a JSON Schema validator.
func TestBuiltinLabsConformToSchema(t *testing.T) {
	t.Parallel()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("lab.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("lab.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := builtinFS.ReadDir("builtin")
	for _, n := range names {
		src, err := builtinFS.ReadFile("builtin/" + n.Name())
		if err != nil {
			t.Fatal(err)
		}
		root, ps := parseYAML(src)
		if len(ps) > 0 {
			t.Fatal(ps)
		}
		var b bytes.Buffer
		writeJSON(&b, root, "")
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", n.Name(), err)
		}
	}
	// And a broken one is not.
	root, _ := parseYAML([]byte("id: x\ntitle: y\n"))
	var b bytes.Buffer
	writeJSON(&b, root, "")
	v, _ := jsonschema.UnmarshalJSON(strings.NewReader(b.String()))
	if sch.Validate(v) == nil {
		t.Error("the schema accepts a lab without tasks")
	}
}
