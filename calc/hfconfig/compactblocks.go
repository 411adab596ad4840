package hfconfig

import (
	"fmt"
	"strconv"
	"strings"

	"vram/calc"
)

// A heterogeneous decoder's blocks travel in a share link as runs of
// "KV-WIDTH" joined by "_", a run of n equal layers written "KV-WIDTHxn":
// "8-14336_8-28672x5_0-14336x2" is one layer of 8 KV heads and an MLP of
// 14,336, five of 8 and 28,672, two without attention and of 14,336.

// maxBlocks bounds a pasted block list.
const maxBlocks = 1 << 10

func encodeBlocks(bs []calc.Block) string {
	var runs []string
	for i := 0; i < len(bs); {
		j := i
		for j < len(bs) && bs[j] == bs[i] {
			j++
		}
		run := strconv.Itoa(bs[i].KVHeads) + "-" + strconv.Itoa(bs[i].Intermediate)
		if j-i > 1 {
			run += "x" + strconv.Itoa(j-i)
		}
		runs = append(runs, run)
		i = j
	}
	return strings.Join(runs, "_")
}

func decodeBlocks(v string) ([]calc.Block, error) {
	bad := fmt.Errorf("custom model: bk.%.40s is not a list of KV-WIDTH runs", v)
	var out []calc.Block
	for _, run := range strings.Split(v, "_") {
		spec, count, repeated := strings.Cut(run, "x")
		n := 1
		if repeated {
			c, err := strconv.Atoi(count)
			if err != nil || c < 1 || c > maxBlocks {
				return nil, bad
			}
			n = c
		}
		kv, width, ok := strings.Cut(spec, "-")
		k, err1 := strconv.Atoi(kv)
		w, err2 := strconv.Atoi(width)
		if !ok || err1 != nil || err2 != nil || k < 0 || k > 1<<16 || w < 0 || w > 1<<24 || len(out)+n > maxBlocks {
			return nil, bad
		}
		for range n {
			out = append(out, calc.Block{KVHeads: k, Intermediate: w})
		}
	}
	return out, nil
}
