package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// envMaxRecording names the environment variable with the largest
// recording "recording attach" takes.
const envMaxRecording = "PROTOCODER_MAX_RECORDING_SIZE"

// parseSize reads a size: bytes, or a number followed by K, M or G (powers
// of 1024, an optional B or iB after them).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mul := int64(1)
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			mul = 1 << 10
		case 'M':
			mul = 1 << 20
		case 'G':
			mul = 1 << 30
		}
		if mul > 1 {
			t = t[:len(t)-1]
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mul {
		return 0, fmt.Errorf("%q is not a size (bytes, or a number with K, M or G)", s)
	}
	return n * mul, nil
}
