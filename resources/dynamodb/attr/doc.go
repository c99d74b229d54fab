// Package attr is DynamoDB's data model: AttributeValue (S, N, B, BOOL,
// NULL, M, L, SS, NS, BS) with DynamoDB's wire JSON, its validation and
// messages, numbers of 38 significant digits with exact arithmetic, item
// sizes as DynamoDB counts them toward the 400 KB limit, comparison, and
// the order-preserving key encoding the store sorts range keys by.
//
// It imports the standard library only.
package attr
