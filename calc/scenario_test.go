package calc

import "testing"

func TestOptionsWith(t *testing.T) {
	u1, u2, seqs := 0.5, 0.9, 256
	base := Options{GPUMemoryUtilization: &u1, KVCacheDtype: "fp8"}
	got := base.With(Options{GPUMemoryUtilization: &u2, MaxNumSeqs: &seqs})
	if *got.GPUMemoryUtilization != 0.9 || *got.MaxNumSeqs != 256 || got.KVCacheDtype != "fp8" {
		t.Fatalf("With merged wrong: %+v", got)
	}
	if *base.GPUMemoryUtilization != 0.5 {
		t.Fatal("With changed its receiver's pointee")
	}
	u2 = 0.1
	if *got.GPUMemoryUtilization != 0.9 {
		t.Fatal("With aliases the override's pointer")
	}
}
