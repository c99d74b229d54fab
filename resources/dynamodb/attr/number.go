package attr

import (
	"math/big"
	"strconv"
	"strings"
)

// Number is a DynamoDB number: up to 38 significant decimal digits, its
// magnitude between 1E-130 and 9.99…E+125, held exactly as
// 0.Digits × 10^Exp with a sign. The zero Number is 0.
type Number struct {
	Neg    bool
	Digits string // significant digits, no leading or trailing zeros; "" is zero
	Exp    int
}

// Limits of DynamoDB numbers.
const (
	MaxDigits = 38
	maxExp    = 126  // values below 10^126
	minExp    = -129 // values from 10^-130 = 0.1 × 10^-129
)

// Number errors, in DynamoDB's words.
const (
	msgNotNumeric = "The parameter cannot be converted to a numeric value"
	msgTooPrecise = "Attempting to store more than 38 significant digits in a Number"
	msgOverflow   = "Number overflow. Attempting to store a number with magnitude larger than supported range"
	msgUnderflow  = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
)

// ParseNumber reads a number as DynamoDB accepts it: decimal digits with
// an optional sign, point and exponent.
func ParseNumber(s string) (Number, error) {
	n, ok := scanNumber(s)
	if !ok {
		if s == "" {
			return Number{}, invalid(msgNotNumeric)
		}
		return Number{}, invalid(msgNotNumeric + ": " + s)
	}
	if len(n.Digits) > MaxDigits {
		return Number{}, invalid(msgTooPrecise)
	}
	if n.Digits != "" && n.Exp > maxExp {
		return Number{}, invalid(msgOverflow)
	}
	if n.Digits != "" && n.Exp < minExp {
		return Number{}, invalid(msgUnderflow)
	}
	return n, nil
}

// scanNumber parses the syntax without checking DynamoDB's limits.
func scanNumber(s string) (Number, bool) {
	var n Number
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		n.Neg = s[i] == '-'
		i++
	}
	var digits []byte
	point := -1 // digits before the point
	sawDigit := false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
			sawDigit = true
		case c == '.' && point < 0:
			point = len(digits)
		default:
			goto exp
		}
	}
exp:
	if !sawDigit {
		return Number{}, false
	}
	if point < 0 {
		point = len(digits)
	}
	e := 0
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return Number{}, false
		}
		rest := s[i+1:]
		if rest == "" || len(rest) > 12 {
			return Number{}, false
		}
		v, err := strconv.Atoi(rest)
		if err != nil {
			return Number{}, false
		}
		e = v
	}
	// Drop leading zeros (each moves the point) and trailing zeros.
	lead := 0
	for lead < len(digits) && digits[lead] == '0' {
		lead++
	}
	digits = digits[lead:]
	point -= lead
	digits = []byte(strings.TrimRight(string(digits), "0"))
	if len(digits) == 0 {
		return Number{}, true
	}
	n.Digits, n.Exp = string(digits), point+e
	return n, true
}

// IsZero reports whether n is 0.
func (n Number) IsZero() bool { return n.Digits == "" }

// String is n in DynamoDB's canonical form: plain decimal notation, no
// exponent, no leading or trailing zeros.
func (n Number) String() string {
	if n.Digits == "" {
		return "0"
	}
	var b strings.Builder
	if n.Neg {
		b.WriteByte('-')
	}
	switch {
	case n.Exp <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -n.Exp))
		b.WriteString(n.Digits)
	case n.Exp >= len(n.Digits):
		b.WriteString(n.Digits)
		b.WriteString(strings.Repeat("0", n.Exp-len(n.Digits)))
	default:
		b.WriteString(n.Digits[:n.Exp])
		b.WriteByte('.')
		b.WriteString(n.Digits[n.Exp:])
	}
	return b.String()
}

// Size is the number's contribution to an item's size: about one byte per
// two significant digits, plus one.
func (n Number) Size() int { return (len(n.Digits)+1)/2 + 1 }

// Cmp compares n and m: -1, 0 or +1.
func (n Number) Cmp(m Number) int {
	sn, sm := n.sign(), m.sign()
	if sn != sm {
		if sn < sm {
			return -1
		}
		return 1
	}
	if sn == 0 {
		return 0
	}
	c := cmpMagnitude(n, m)
	if sn < 0 {
		return -c
	}
	return c
}

func (n Number) sign() int {
	switch {
	case n.Digits == "":
		return 0
	case n.Neg:
		return -1
	}
	return 1
}

func cmpMagnitude(n, m Number) int {
	if n.Exp != m.Exp {
		if n.Exp < m.Exp {
			return -1
		}
		return 1
	}
	return strings.Compare(n.Digits, m.Digits)
}

// scaled is n as an integer times 10^-scale.
func (n Number) scaled(scale int) *big.Int {
	v := new(big.Int)
	if n.Digits == "" {
		return v
	}
	v.SetString(n.Digits, 10)
	// value = digits × 10^(Exp-len(digits)); times 10^scale.
	shift := n.Exp - len(n.Digits) + scale
	v.Mul(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(shift)), nil))
	if n.Neg {
		v.Neg(v)
	}
	return v
}

// lowExp is the exponent of n's last significant digit.
func (n Number) lowExp() int { return n.Exp - len(n.Digits) }

// Add returns n + m, checked against DynamoDB's limits.
func (n Number) Add(m Number) (Number, error) {
	scale := 0
	if n.Digits != "" {
		scale = max(scale, -n.lowExp())
	}
	if m.Digits != "" {
		scale = max(scale, -m.lowExp())
	}
	sum := new(big.Int).Add(n.scaled(scale), m.scaled(scale))
	return fromScaled(sum, scale)
}

// Sub returns n - m, checked against DynamoDB's limits.
func (n Number) Sub(m Number) (Number, error) {
	m.Neg = !m.Neg
	return n.Add(m)
}

func fromScaled(v *big.Int, scale int) (Number, error) {
	var out Number
	if v.Sign() == 0 {
		return out, nil
	}
	out.Neg = v.Sign() < 0
	digits := new(big.Int).Abs(v).String()
	out.Exp = len(digits) - scale
	out.Digits = strings.TrimRight(digits, "0")
	if len(out.Digits) > MaxDigits {
		return Number{}, invalid(msgTooPrecise)
	}
	if out.Exp > maxExp {
		return Number{}, invalid(msgOverflow)
	}
	if out.Exp < minExp {
		return Number{}, invalid(msgUnderflow)
	}
	return out, nil
}

// appendKey appends n's order-preserving encoding: byte strings of
// numbers compare as the numbers do.
func (n Number) appendKey(b []byte) []byte {
	switch n.sign() {
	case 0:
		return append(b, 0x02)
	case 1:
		e := uint16(n.Exp + 32768)
		b = append(b, 0x03, byte(e>>8), byte(e))
		return append(b, n.Digits...)
	}
	// Negative: the larger the magnitude, the smaller; digits inverted and
	// a terminator above every inverted digit, so that a longer magnitude
	// sorts first.
	e := ^uint16(n.Exp + 32768)
	b = append(b, 0x01, byte(e>>8), byte(e))
	for i := 0; i < len(n.Digits); i++ {
		b = append(b, 0xff-n.Digits[i])
	}
	return append(b, 0xff)
}
