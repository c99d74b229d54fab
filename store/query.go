package store

import "strings"

// escapeLike escapes LIKE metacharacters for ESCAPE '\'.
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// order turns "name" / "-name" into an ORDER BY clause from allowed columns.
func order(sort string, cols map[string]string, def string) string {
	desc := strings.HasPrefix(sort, "-")
	col, ok := cols[strings.TrimPrefix(sort, "-")]
	if !ok {
		col, desc = cols[def], false
	}
	if desc {
		return col + " DESC"
	}
	return col
}

// limit caps page sizes.
func limit(n int) int {
	if n <= 0 || n > 1000 {
		return 1000
	}
	return n
}
