package views

import "strconv"

func ifElse(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

func itoa(n int) string { return strconv.Itoa(n) }
