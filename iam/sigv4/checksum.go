package sigv4

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/binary"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// checksumAlgorithm is one of S3's additional checksums.
type checksumAlgorithm struct {
	name    string // S3's ChecksumAlgorithm value, as in "The CRC32 you specified …"
	header  string // the x-amz-checksum-* header (and trailer) name
	size    int    // digest length in bytes
	newHash func() hash.Hash
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksumAlgorithms lists the checksums this package verifies.
var checksumAlgorithms = []*checksumAlgorithm{
	{"CRC32", "x-amz-checksum-crc32", crc32.Size, func() hash.Hash { return crc32.NewIEEE() }},
	{"CRC32C", "x-amz-checksum-crc32c", crc32.Size, func() hash.Hash { return crc32.New(castagnoli) }},
	{"CRC64NVME", "x-amz-checksum-crc64nvme", crc64.Size, newCRC64NVME},
	{"SHA1", "x-amz-checksum-sha1", sha1.Size, sha1.New},
	{"SHA256", "x-amz-checksum-sha256", sha256.Size, sha256.New},
	{"SHA512", "x-amz-checksum-sha512", sha512.Size, sha512.New},
	{"MD5", "x-amz-checksum-md5", md5.Size, md5.New},
}

// unverifiedChecksums are S3 checksums this package cannot compute with the
// standard library; a request carrying one is refused as NotImplemented
// rather than stored unverified.
var unverifiedChecksums = []string{"x-amz-checksum-xxhash64", "x-amz-checksum-xxhash3", "x-amz-checksum-xxhash128"}

// checksumByHeader returns the algorithm of a lower-case header name.
func checksumByHeader(name string) *checksumAlgorithm {
	for _, a := range checksumAlgorithms {
		if a.header == name {
			return a
		}
	}
	return nil
}

// checksumByName returns the algorithm of an S3 ChecksumAlgorithm value, in
// any case.
func checksumByName(name string) *checksumAlgorithm {
	for _, a := range checksumAlgorithms {
		if strings.EqualFold(a.name, name) {
			return a
		}
	}
	return nil
}

// isChecksumValueHeader reports whether a lower-case header name carries a
// checksum value; x-amz-checksum-algorithm, -type and -mode do not.
func isChecksumValueHeader(name string) bool {
	if !strings.HasPrefix(name, "x-amz-checksum-") {
		return false
	}
	switch name {
	case "x-amz-checksum-algorithm", "x-amz-checksum-type", "x-amz-checksum-mode":
		return false
	}
	return true
}

// decodeChecksum decodes a base64 checksum value of algorithm a.
func decodeChecksum(a *checksumAlgorithm, value string) ([]byte, bool) {
	v, err := base64.StdEncoding.Strict().DecodeString(strings.TrimSpace(value))
	return v, err == nil && len(v) == a.size
}

// headerChecksum returns the x-amz-checksum-* header of h and its decoded
// value, nil if there is none, or S3's error for an unknown algorithm, a
// repeated header or a malformed value.
func headerChecksum(h http.Header) (*checksumAlgorithm, []byte, error) {
	var names []string
	var values []string
	for k, v := range h {
		if len(k) > len("X-Amz-Checksum-") && strings.EqualFold(k[:len("X-Amz-Checksum-")], "X-Amz-Checksum-") {
			if l := strings.ToLower(k); isChecksumValueHeader(l) {
				names = append(names, l)
				values = v
			}
		}
	}
	if len(names) == 0 {
		return nil, nil, nil
	}
	slices.Sort(names)
	for _, n := range names {
		if slices.Contains(unverifiedChecksums, n) {
			return nil, nil, errNotImplemented(n)
		}
		if checksumByHeader(n) == nil {
			return nil, nil, errInvalidChecksumHeader()
		}
	}
	if len(names) > 1 || len(values) != 1 {
		return nil, nil, errMultipleChecksums()
	}
	a := checksumByHeader(names[0])
	v, ok := decodeChecksum(a, values[0])
	if !ok {
		return nil, nil, errInvalidChecksumValue(a.header, false)
	}
	return a, v, nil
}

// trailerChecksum returns the checksum x-amz-trailer announces, nil if the
// header is absent, or S3's error for a trailer it does not support.
func trailerChecksum(h http.Header) (*checksumAlgorithm, error) {
	values := h.Values("X-Amz-Trailer")
	if len(values) == 0 {
		return nil, nil
	}
	var found *checksumAlgorithm
	for _, v := range values {
		for name := range strings.SplitSeq(v, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" {
				continue
			}
			if slices.Contains(unverifiedChecksums, name) {
				return nil, errNotImplemented(name)
			}
			a := checksumByHeader(name)
			if a == nil {
				return nil, errTrailerNotSupported()
			}
			if found != nil {
				return nil, errMultipleChecksums()
			}
			found = a
		}
	}
	if found == nil {
		return nil, errTrailerNotSupported()
	}
	return found, nil
}

// contentMD5 returns the decoded Content-MD5 header of h, nil if absent, or
// InvalidDigest for a value that is not a base64 MD5 (an empty one included).
func contentMD5(h http.Header) ([]byte, error) {
	values, ok := h["Content-Md5"]
	if !ok {
		return nil, nil
	}
	if len(values) != 1 {
		return nil, errInvalidDigest(strings.Join(values, ","))
	}
	v, err := base64.StdEncoding.Strict().DecodeString(strings.TrimSpace(values[0]))
	if err != nil || len(v) != md5.Size {
		return nil, errInvalidDigest(values[0])
	}
	return v, nil
}

// crc64NVMEPoly is CRC-64/NVME's polynomial 0xAD93D23594C93659 bit-reversed,
// the form hash/crc64 takes.
const crc64NVMEPoly = 0x9A6C9329AC4BC9B5

// crc64NVMETables are the slicing-by-8 tables of CRC-64/NVME. hash/crc64
// only keeps such tables for ISO and ECMA and rebuilds them on every large
// write for other polynomials, so this package keeps its own.
var crc64NVMETables = sync.OnceValue(func() *[8]crc64.Table {
	var t [8]crc64.Table
	t[0] = *crc64.MakeTable(crc64NVMEPoly)
	for i := range 256 {
		crc := t[0][i]
		for j := 1; j < 8; j++ {
			crc = t[0][crc&0xff] ^ (crc >> 8)
			t[j][i] = crc
		}
	}
	return &t
})

// crc64NVME is a hash.Hash of CRC-64/NVME (reflected, initial value and
// final XOR all ones), the checksum S3 calls CRC64NVME.
type crc64NVME struct {
	crc uint64
	t   *[8]crc64.Table
}

func newCRC64NVME() hash.Hash { return &crc64NVME{t: crc64NVMETables()} }

func (d *crc64NVME) Write(p []byte) (int, error) {
	d.crc = updateCRC64(d.crc, d.t, p)
	return len(p), nil
}

func (d *crc64NVME) Sum(b []byte) []byte { return binary.BigEndian.AppendUint64(b, d.crc) }
func (d *crc64NVME) Reset()              { d.crc = 0 }
func (d *crc64NVME) Size() int           { return crc64.Size }
func (d *crc64NVME) BlockSize() int      { return 1 }

func updateCRC64(crc uint64, t *[8]crc64.Table, p []byte) uint64 {
	crc = ^crc
	for len(p) >= 8 {
		crc ^= binary.LittleEndian.Uint64(p)
		crc = t[7][crc&0xff] ^ t[6][crc>>8&0xff] ^ t[5][crc>>16&0xff] ^ t[4][crc>>24&0xff] ^
			t[3][crc>>32&0xff] ^ t[2][crc>>40&0xff] ^ t[1][crc>>48&0xff] ^ t[0][crc>>56]
		p = p[8:]
	}
	for _, v := range p {
		crc = t[0][byte(crc)^v] ^ (crc >> 8)
	}
	return ^crc
}
