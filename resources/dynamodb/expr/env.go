package expr

import (
	"slices"
	"strings"

	"iamconsole/resources/dynamodb/attr"
)

// Error is an expression DynamoDB refuses: its ValidationException message.
type Error struct{ Message string }

func (e *Error) Error() string { return e.Message }

// Env holds a request's expression attribute names and values, shared by
// all its expressions, and notes which of them the expressions use.
type Env struct {
	Names  map[string]string
	Values map[string]attr.Value

	usedNames, usedValues map[string]bool
}

// NewEnv builds the environment of one request.
func NewEnv(names map[string]string, values map[string]attr.Value) *Env {
	return &Env{Names: names, Values: values, usedNames: map[string]bool{}, usedValues: map[string]bool{}}
}

// Unused reports names or values that no expression used, as DynamoDB
// refuses them: names first.
func (e *Env) Unused() error {
	var names, values []string
	for k := range e.Names {
		if !e.usedNames[k] {
			names = append(names, k)
		}
	}
	for k := range e.Values {
		if !e.usedValues[k] {
			values = append(values, k)
		}
	}
	switch {
	case len(names) > 0:
		slices.Sort(names)
		return &Error{"Value provided in ExpressionAttributeNames unused in expressions: keys: {" + strings.Join(names, ", ") + "}"}
	case len(values) > 0:
		slices.Sort(values)
		return &Error{"Value provided in ExpressionAttributeValues unused in expressions: keys: {" + strings.Join(values, ", ") + "}"}
	}
	return nil
}

// fault classes: a parse notes the first fault of each class and reports
// the one of the highest class its kind of expression ranks first.
type fault uint8

const (
	fParens fault = iota
	fUnknownFunction
	fMisusedFunction
	fReserved
	fSection
	fAttrName
	fAttrValue
	fOperandCount
	fDistinct
	fFunction
	fPathOverlap
	fPathConflict
	fUpdateOperand
	nFaults
)

// Ranks of fault classes per kind of expression, first reported first.
var (
	conditionRank  = []fault{fParens, fUnknownFunction, fMisusedFunction, fReserved, fAttrName, fOperandCount, fDistinct, fFunction}
	updateRank     = []fault{fReserved, fUnknownFunction, fMisusedFunction, fSection, fAttrName, fPathOverlap, fPathConflict, fUpdateOperand, fOperandCount, fFunction}
	projectionRank = []fault{fReserved, fAttrName, fPathOverlap, fPathConflict}
)
