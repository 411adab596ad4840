package presets

import (
	"strconv"
	"strings"
)

// releaseVersion is a version as vLLM and vllm-ascend number them:
// 0.8.3, 0.10.1.1, 0.8.5.post1, 0.13.0rc1, 0.29.1rc1.dev17+gd2d649e67.
type releaseVersion struct {
	nums [4]int
	// stage orders the kinds of one number: dev (0) < rc (1) < final (2) < post (3).
	stage, n int
}

// parseRelease reads a version; a leading "v" and a "+local" part are ignored.
func parseRelease(s string) (releaseVersion, bool) {
	var v releaseVersion
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	s, _, _ = strings.Cut(s, "+")
	v.stage = 2
	parts := strings.Split(s, ".")
	i := 0
	for _, p := range parts {
		j := 0
		for j < len(p) && p[j] >= '0' && p[j] <= '9' {
			j++
		}
		if j > 0 && i < len(v.nums) {
			n, err := strconv.Atoi(p[:j])
			if err != nil || n > 1<<20 {
				return v, false
			}
			v.nums[i] = n
			i++
		}
		rest := p[j:]
		switch {
		case rest == "":
			continue
		case strings.HasPrefix(rest, "rc"):
			v.stage, v.n = 1, atoiOr(rest[2:])
		case strings.HasPrefix(rest, "dev"):
			// 0.29.1rc1.dev17: a dev build before the rc; 0.7.4.dev51: before 0.7.4.
			if v.stage == 2 {
				v.stage = 0
			}
		case strings.HasPrefix(rest, "post"):
			v.stage, v.n = 3, atoiOr(rest[4:])
		default:
			return v, false
		}
	}
	return v, i >= 2
}

func atoiOr(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1<<20 {
		return 0
	}
	return n
}

// compareVersions orders two versions; unreadable ones sort first.
func compareVersions(a, b string) int {
	va, oka := parseRelease(a)
	vb, okb := parseRelease(b)
	switch {
	case !oka && !okb:
		return strings.Compare(a, b)
	case !oka:
		return -1
	case !okb:
		return 1
	}
	for i := range va.nums {
		if va.nums[i] != vb.nums[i] {
			return va.nums[i] - vb.nums[i]
		}
	}
	if va.stage != vb.stage {
		return va.stage - vb.stage
	}
	return va.n - vb.n
}

// CompareReleaseIDs orders release ids ("vllm-0.8.3", "ascend-0.9.1rc1")
// by project, then by version.
func CompareReleaseIDs(a, b string) int {
	pa, va, _ := strings.Cut(a, "-")
	pb, vb, _ := strings.Cut(b, "-")
	if pa != pb {
		return strings.Compare(pa, pb)
	}
	return compareVersions(va, vb)
}
