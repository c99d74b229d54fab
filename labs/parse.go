package labs

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"sort"
	"strings"
)

// Parse reads a lab file: the lab, or every problem with it at once, each
// with its line and column. file names the file in problems.
func Parse(file string, src []byte) (*Lab, Problems) {
	root, problems := parseYAML(src)
	if len(problems) > 0 {
		return nil, Problems(problems).withFile(file)
	}
	d := &decoder{pos: map[string]Pos{}, failed: map[string]bool{}}
	lab := &Lab{}
	if root.kind != kindMap {
		return nil, Problems{{File: file, Line: root.Line, Column: root.Column, Message: "a lab file is a YAML mapping (id, title, accounts, tasks …), not " + root.kindName()}}
	}
	d.decode(root, "", reflect.ValueOf(lab).Elem())
	lab.pos = d.pos
	v := &validator{lab: lab, pos: d.pos, failed: d.failed, lines: strings.Split(string(src), "\n")}
	v.problems = d.problems
	v.validate()
	if len(v.problems) > 0 {
		return nil, v.problems.sorted().withFile(file)
	}
	sum := sha256.Sum256(src)
	lab.File, lab.Digest = file, hex.EncodeToString(sum[:])
	lab.order = topoOrder(lab.Tasks)
	return lab, nil
}

// topoOrder lists tasks so that each comes after the tasks it requires,
// otherwise in file order. The tasks' requires have no cycle (Parse
// refuses them).
func topoOrder(tasks []*Task) []*Task {
	byID := map[string]*Task{}
	for _, t := range tasks {
		byID[t.ID] = t
	}
	seen := map[*Task]bool{}
	var out []*Task
	var visit func(t *Task)
	visit = func(t *Task) {
		if seen[t] {
			return
		}
		seen[t] = true
		for _, r := range t.Requires {
			if rt := byID[r]; rt != nil {
				visit(rt)
			}
		}
		out = append(out, t)
	}
	for _, t := range tasks {
		visit(t)
	}
	return out
}

// at is the position of the value at path, or of its nearest enclosing
// value that has one.
func at(pos map[string]Pos, path string) Pos {
	for {
		if p, ok := pos[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			if p, ok := pos[""]; ok {
				return p
			}
			return Pos{Line: 1, Column: 1}
		}
		path = path[:i]
	}
}

// Pos returns where the value at path is in the lab's file (see Problem's
// paths), for messages about a lab after it was read.
func (l *Lab) Pos(path string) Pos { return at(l.pos, path) }

// strings walks every string of the lab with its path, for the checks that
// apply to all of them (placeholders).
func walkStrings(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkStrings(v.Elem(), path, fn)
		}
	case reflect.Struct:
		if v.Type() == docType {
			fn(path, v.Interface().(Doc).JSON)
			return
		}
		for _, f := range fieldsOf(v.Type()) {
			walkStrings(v.Field(f.index), join(path, f.key), fn)
		}
	case reflect.String:
		if s := v.String(); s != "" {
			fn(path, s)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkStrings(v.Index(i), path+"["+itoa(i)+"]", fn)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			walkStrings(v.MapIndex(k), join(path, k.String()), fn)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
