package policy

// StatementEnd finds the statement object that starts at line:col of doc
// (in characters, from 1) and returns the position just past its closing
// brace, as IAM's simulator reports a statement's EndPosition; false when
// doc does not hold it. Braces inside strings do not count.
func StatementEnd(doc string, line, col int) (int, int, bool) {
	l, c := 1, 1
	depth, inString, escaped, started := 0, false, false, false
	for _, r := range doc {
		if !started && (l > line || l == line && c >= col) && r == '{' {
			started = true
		}
		if started {
			switch {
			case inString && escaped:
				escaped = false
			case inString && r == '\\':
				escaped = true
			case r == '"':
				inString = !inString
			case !inString && r == '{':
				depth++
			case !inString && r == '}':
				depth--
				if depth == 0 {
					return l, c + 1, true
				}
			}
		}
		if r == '\n' {
			l, c = l+1, 1
		} else {
			c++
		}
	}
	return 0, 0, false
}
