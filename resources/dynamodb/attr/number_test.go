package attr

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestParseNumberCanonical(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"0", "0"}, {"-0", "0"}, {"000", "0"}, {"0.000", "0"}, {"1", "1"}, {"01", "1"}, {"1.50", "1.5"},
		{"1e3", "1000"}, {"1E3", "1000"}, {"1.5e-3", "0.0015"}, {"-12.340", "-12.34"}, {"+7", "7"},
		{".5", "0.5"}, {"5.", "5"}, {"123456789012345678901234567890123456.78", "123456789012345678901234567890123456.78"},
		{"9.9999999999999999999999999999999999999E+125", "99999999999999999999999999999999999999" + zeros(88)},
		{"1E-130", "0." + zeros(129) + "1"},
	} {
		n, err := ParseNumber(tt.in)
		if err != nil {
			t.Errorf("ParseNumber(%q): %v", tt.in, err)
			continue
		}
		if got := n.String(); got != tt.want {
			t.Errorf("ParseNumber(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func zeros(n int) string { return string(bytes.Repeat([]byte("0"), n)) }

func TestParseNumberRefusals(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"", "The parameter cannot be converted to a numeric value"},
		{"b", "The parameter cannot be converted to a numeric value: b"},
		{"1e", "The parameter cannot be converted to a numeric value: 1e"},
		{"1.2.3", "The parameter cannot be converted to a numeric value: 1.2.3"},
		{"0x10", "The parameter cannot be converted to a numeric value: 0x10"},
		{" 1", "The parameter cannot be converted to a numeric value:  1"},
		{"123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"},
		{"-1.23456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number"},
		{"1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"},
		{"-1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range"},
		{"1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"},
		{"-1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range"},
	} {
		_, err := ParseNumber(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseNumber(%q) = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestNumberArithmetic(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ a, b, sum, diff string }{
		{"1", "2", "3", "-1"},
		{"0.1", "0.2", "0.3", "-0.1"},
		{"-5", "5", "0", "-10"},
		{"1e20", "1", "100000000000000000001", "99999999999999999999"},
		{"12.5", "-0.5", "12", "13"},
	} {
		a, b := mustParse(t, tt.a), mustParse(t, tt.b)
		if s, err := a.Add(b); err != nil || s.String() != tt.sum {
			t.Errorf("%s + %s = %v %v, want %s", tt.a, tt.b, s, err, tt.sum)
		}
		if d, err := a.Sub(b); err != nil || d.String() != tt.diff {
			t.Errorf("%s - %s = %v %v, want %s", tt.a, tt.b, d, err, tt.diff)
		}
	}
	big := mustParse(t, "9.9999999999999999999999999999999999999E+125")
	if _, err := big.Add(big); err == nil {
		t.Error("overflowing sum accepted")
	}
	if _, err := mustParse(t, "1e30").Add(mustParse(t, "1e-30")); err == nil || err.Error() != msgTooPrecise {
		t.Errorf("61-digit sum: %v", err)
	}
}

func mustParse(t *testing.T, s string) Number {
	t.Helper()
	n, err := ParseNumber(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestKeyOrder checks that key encodings of numbers sort as the numbers do
// and decode back.
func TestKeyOrder(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	var ns []Number
	for _, s := range []string{"0", "1", "-1", "0.5", "-0.5", "10", "-10", "0.12", "0.123", "-0.12", "-0.123", "1e125", "-1e125", "1e-130", "-1e-130", "99", "100"} {
		ns = append(ns, mustParse(t, s))
	}
	for range 300 {
		s := strconv.FormatFloat((r.Float64()-0.5)*float64(r.IntN(1e6)), 'g', -1, 64)
		ns = append(ns, mustParse(t, s))
	}
	for _, a := range ns {
		ka := Key(Num(a))
		if back := numberFromKey(ka); back.Cmp(a) != 0 || back.String() != a.String() {
			t.Fatalf("key of %s decodes to %s", a, back)
		}
		for _, b := range ns {
			kb := Key(Num(b))
			if got, want := bytes.Compare(ka, kb), a.Cmp(b); got != want {
				t.Fatalf("keys of %s and %s compare %d, numbers %d", a, b, got, want)
			}
		}
	}
}

func TestNumberSize(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want int
	}{{"1", 2}, {"12", 2}, {"123", 3}, {"1" + zeros(125), 2}, {"11111" + zeros(121), 4}, {"1111111" + zeros(119), 5}, {"11111111111111111111111111111111111111", 20}} {
		if got := mustParse(t, tt.in).Size(); got != tt.want {
			t.Errorf("Size(%s) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"0", "-1.5e3", "1e126", "1e-131", ".5", "5.", "+7", "abc", "1e", "123456789012345678901234567890123456789"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNumber(s)
		if err != nil {
			return
		}
		again, err := ParseNumber(n.String())
		if err != nil || again.Cmp(n) != 0 || again.String() != n.String() {
			t.Fatalf("%q → %s → %v %v", s, n, again, err)
		}
		if back := numberFromKey(Key(Num(n))); back.Cmp(n) != 0 {
			t.Fatalf("key of %s decodes to %s", n, back)
		}
	})
}
