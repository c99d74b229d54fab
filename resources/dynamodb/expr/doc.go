// Package expr parses and evaluates DynamoDB's expressions: condition
// expressions (ConditionExpression, FilterExpression and the key
// conditions of KeyConditionExpression), projection expressions and update
// expressions, with expression attribute names (#n) and values (:v). Its
// errors carry DynamoDB's ValidationException messages ("Invalid
// UpdateExpression: Syntax error; token: …, near: …"), reported in the
// order DynamoDB reports them when an expression has several faults.
//
// It imports resources/dynamodb/attr and the standard library.
package expr
