package view

import (
	"encoding/binary"
	"strings"
	"testing"
)

func TestHubURLs(t *testing.T) {
	hf, _ := HubFor("", "", "")
	if got := hf.FileURL("Qwen/Qwen2.5-VL-7B-Instruct", "config.json"); got != "https://huggingface.co/Qwen/Qwen2.5-VL-7B-Instruct/resolve/main/config.json" {
		t.Errorf("hf: %s", got)
	}
	ms, _ := HubFor("modelscope", "", "")
	if got := ms.FileURL("Qwen/Qwen2.5-VL-7B-Instruct", "model.safetensors.index.json"); got != "https://www.modelscope.cn/api/v1/models/Qwen/Qwen2.5-VL-7B-Instruct/repo?Revision=master&FilePath=model.safetensors.index.json" {
		t.Errorf("modelscope: %s", got)
	}
	c, err := HubFor("custom", "http://10.0.0.5:8080/hf/", "hf")
	if err != nil || c.FileURL("a/b", "config.json") != "http://10.0.0.5:8080/hf/a/b/resolve/main/config.json" || c.Host() != "10.0.0.5:8080" {
		t.Errorf("custom: %+v %v", c, err)
	}
	for _, bad := range []string{"ftp://x", "https://user:pw@host", "javascript:alert(1)", ""} {
		if _, err := HubFor("custom", bad, ""); err == nil {
			t.Errorf("custom hub %q accepted", bad)
		}
	}
	for _, id := range []string{"Qwen/Qwen2.5-VL-7B-Instruct", " org/name/ "} {
		if _, err := RepoID(id); err != nil {
			t.Errorf("RepoID(%q): %v", id, err)
		}
	}
	for _, id := range []string{"name-only", "a/b/c", "a/b?x", "../x"} {
		if _, err := RepoID(id); err == nil {
			t.Errorf("RepoID(%q) accepted", id)
		}
	}
}

func TestCheckpointSizes(t *testing.T) {
	if n, err := IndexBytes([]byte(`{"metadata": {"total_size": 16582751232}, "weight_map": {}}`)); err != nil || n != 16582751232 {
		t.Errorf("index: %d %v", n, err)
	}
	if _, err := IndexBytes([]byte(`{"weight_map": {}}`)); err == nil {
		t.Error("an index without total_size read")
	}
	h := `{"__metadata__":{"format":"pt"},"a":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]},"b":{"dtype":"BF16","shape":[4],"data_offsets":[12,20]}}`
	var head [8]byte
	binary.LittleEndian.PutUint64(head[:], uint64(len(h)))
	if n, err := HeaderLength(head[:]); err != nil || n != int64(len(h)) {
		t.Errorf("header length %d %v", n, err)
	}
	if n, err := HeaderBytes([]byte(h)); err != nil || n != 20 {
		t.Errorf("header bytes %d %v", n, err)
	}
	if _, err := HeaderBytes([]byte(`{"a":{"data_offsets":[5,1]}}`)); err == nil {
		t.Error("reversed offsets read")
	}
}

// FuzzCheckpointSizes: the readers of fetched files never panic and
// never report a size out of range.
func FuzzCheckpointSizes(f *testing.F) {
	f.Add([]byte(`{"metadata": {"total_size": 1234}}`))
	f.Add([]byte(`{"a":{"data_offsets":[0,12]}}`))
	f.Add([]byte("\x10\x00\x00\x00\x00\x00\x00\x00{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, fn := range []func([]byte) (int64, error){IndexBytes, HeaderLength, HeaderBytes} {
			if n, err := fn(b); err == nil && (n <= 0 || n > 1<<52) {
				t.Fatalf("size %d out of range for %q", n, b)
			}
		}
		if strings.Contains(string(b), "\x00") {
			return
		}
		HubModel("a/b", HubFiles{Config: string(b)})
	})
}
