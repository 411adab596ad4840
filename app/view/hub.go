package view

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"

	json "github.com/goccy/go-json"

	"vram/app/urlstate"
	"vram/calc/finding"
	"vram/calc/hfconfig"
)

// A model hub the page can read a model's files from, when the user asks
// (the button names the host). Two URL layouts: Hugging Face's
// /<repo>/resolve/main/<file> (huggingface.co, hf-mirror.com, most internal
// mirrors) and ModelScope's /api/v1/models/<repo>/repo?Revision=master&FilePath=<file>.
type Hub struct {
	ID     string // "hf", "hf-mirror", "modelscope", or "custom"
	Base   string // scheme and host, no trailing slash
	Layout string // HubLayoutHF or HubLayoutModelScope
}

// Hub URL layouts.
const (
	HubLayoutHF         = "hf"
	HubLayoutModelScope = "modelscope"
)

// Hubs are the public hubs offered by name.
var Hubs = []Hub{
	{ID: "hf", Base: "https://huggingface.co", Layout: HubLayoutHF},
	{ID: "hf-mirror", Base: "https://hf-mirror.com", Layout: HubLayoutHF},
	{ID: "modelscope", Base: "https://www.modelscope.cn", Layout: HubLayoutModelScope},
}

// HubFor is the hub a link names: a public hub's id, or a custom base URL
// (http or https) with its layout.
func HubFor(id, base, layout string) (Hub, error) {
	for _, h := range Hubs {
		if h.ID == id || id == "" && h.ID == "hf" {
			return h, nil
		}
	}
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(base), "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return Hub{}, errors.New("a hub is https://host (or http:// for a local mirror), without user or password")
	}
	if layout != HubLayoutModelScope {
		layout = HubLayoutHF
	}
	return Hub{ID: "custom", Base: u.Scheme + "://" + u.Host + strings.TrimRight(u.Path, "/"), Layout: layout}, nil
}

// Host is what the fetch button names.
func (h Hub) Host() string {
	u, err := url.Parse(h.Base)
	if err != nil {
		return h.Base
	}
	return u.Host
}

// FileURL is where the hub serves one file of a repository.
func (h Hub) FileURL(repo, file string) string {
	repo = strings.Trim(repo, "/")
	if h.Layout == HubLayoutModelScope {
		return h.Base + "/api/v1/models/" + escapeRepo(repo) + "/repo?Revision=master&FilePath=" + url.QueryEscape(file)
	}
	return h.Base + "/" + escapeRepo(repo) + "/resolve/main/" + url.PathEscape(file)
}

func escapeRepo(repo string) string {
	parts := strings.Split(repo, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// RepoID checks what the model field holds before any request: an
// "org/name" id of a repository.
func RepoID(s string) (string, error) {
	s = strings.Trim(strings.TrimSpace(s), "/")
	parts := strings.Split(s, "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" || len(s) > 200 || strings.ContainsAny(s, " ?#%\\") ||
		parts[0] == ".." || parts[1] == ".." || parts[0] == "." || parts[1] == "." {
		return "", errors.New("a hub model id is organisation/name, e.g. Qwen/Qwen2.5-VL-7B-Instruct")
	}
	return s, nil
}

// Limits on what a fetch reads.
const (
	MaxHubConfig = 4 << 20  // config.json and the processor configs
	MaxHubIndex  = 16 << 20 // model.safetensors.index.json
	MaxHubHeader = 64 << 20 // a safetensors header
)

// IndexBytes reads model.safetensors.index.json: metadata.total_size, the
// bytes of every tensor of the checkpoint.
func IndexBytes(b []byte) (int64, error) {
	if len(b) > MaxHubIndex {
		return 0, errors.New("model.safetensors.index.json too large")
	}
	var idx struct {
		Metadata struct {
			TotalSize json.Number `json:"total_size"`
		} `json:"metadata"`
	}
	if err := unmarshal(b, &idx); err != nil {
		return 0, fmt.Errorf("model.safetensors.index.json: %v", err)
	}
	n, err := idx.Metadata.TotalSize.Int64()
	if err != nil || n <= 0 || n > 1<<52 {
		return 0, errors.New("model.safetensors.index.json: no metadata.total_size")
	}
	return n, nil
}

// HeaderLength reads the first 8 bytes of a safetensors file: the
// little-endian length of the JSON header that follows.
func HeaderLength(b []byte) (int64, error) {
	if len(b) < 8 {
		return 0, errors.New("model.safetensors: shorter than its 8-byte header length")
	}
	n := binary.LittleEndian.Uint64(b[:8])
	if n == 0 || n > MaxHubHeader {
		return 0, fmt.Errorf("model.safetensors: header length %d out of range", n)
	}
	return int64(n), nil
}

// HeaderBytes reads a safetensors JSON header: the tensors' bytes are the
// largest end of their data_offsets.
func HeaderBytes(b []byte) (int64, error) {
	var h map[string]json.RawMessage
	if err := unmarshal(b, &h); err != nil {
		return 0, fmt.Errorf("model.safetensors header: %v", err)
	}
	var end int64
	for name, raw := range h {
		if name == "__metadata__" {
			continue
		}
		var t struct {
			Offsets []int64 `json:"data_offsets"`
		}
		if unmarshal(raw, &t) != nil || len(t.Offsets) != 2 || t.Offsets[0] < 0 || t.Offsets[1] < t.Offsets[0] {
			return 0, fmt.Errorf("model.safetensors header: tensor %q has no data_offsets", name)
		}
		end = max(end, t.Offsets[1])
	}
	if end <= 0 || end > 1<<52 {
		return 0, errors.New("model.safetensors header: no tensors")
	}
	return end, nil
}

// HubFiles are what a fetch read: the configs' texts ("" when the hub has
// none) and the checkpoint's bytes (0 when unknown).
type HubFiles struct {
	Config, Preprocessor, VideoPreprocessor string
	Weights                                 int64
}

// HubModel reads fetched files as a pasted config is read, with the
// checkpoint's bytes in the model: the same findings, and a custom model
// for the link.
func HubModel(repo string, f HubFiles) Pasted {
	text := f.Config
	if f.Preprocessor != "" {
		text += "\n" + f.Preprocessor
	}
	if f.VideoPreprocessor != "" {
		text += "\n" + f.VideoPreprocessor
	}
	r, err := hfconfig.Parse(text)
	if err != nil {
		return failed(PasteConfig, err, r.Findings)
	}
	r.Model.ID = repo
	r.Model.CheckpointBytes = int(f.Weights)
	if f.Weights > 0 {
		r.Findings.Addf("checkpoint", fmt.Sprint(f.Weights), finding.Read, "%d bytes of tensors in the checkpoint's files: the weights", f.Weights)
	}
	compact := hfconfig.Compact(r.Model)
	return Pasted{Kind: PasteConfig, Findings: findings(r.Findings), Apply: func(st *urlstate.State) {
		st.Model, st.CustomModel = "", compact
	}}
}

// unmarshal is json.Unmarshal with a panic of the decoder turned into an
// error: goccy/go-json's struct decoder indexes past the end of some
// truncated input ({"metAdAtA":{"\0, found by FuzzCheckpointSizes), and a
// panic would stop the page.
func unmarshal(b []byte, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("not valid JSON")
		}
	}()
	return json.Unmarshal(b, v)
}
