// Command addmodels adds Hugging Face config.json files to the catalog:
// each file is read by the same parser the paste box uses (calc/hfconfig),
// and a model it can size is appended to presets/models.json with the
// source a SOURCES.md table gives for its file. Models already in the
// catalog are left alone; models the parser refuses are listed with why.
//
//	go run ./presets/cmd/addmodels -dir DIR [-catalog presets/models.json]
//
// DIR holds <org>__<name>.config.json files (and optionally
// <org>__<name>.preprocessor_config.json) and a SOURCES.md whose table rows
// start "| <file> | <source> | <path> | <commit> | <notes> |".
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	json "github.com/goccy/go-json"

	"vram/calc/finding"
	"vram/calc/hfconfig"
	"vram/presets"
)

func main() {
	dir := flag.String("dir", "", "folder of config files and SOURCES.md")
	path := flag.String("catalog", "presets/models.json", "the catalog to extend")
	flag.Parse()
	if err := run(*dir, *path); err != nil {
		fmt.Fprintln(os.Stderr, "addmodels:", err)
		os.Exit(1)
	}
}

func run(dir, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var catalog []json.RawMessage
	if err := json.Unmarshal(raw, &catalog); err != nil {
		return err
	}
	have := map[string]bool{}
	for _, m := range presets.Models() {
		have[m.ID] = true
	}
	sources := readSources(filepath.Join(dir, "SOURCES.md"))
	files, _ := filepath.Glob(filepath.Join(dir, "*.config.json"))
	sort.Strings(files)
	added := 0
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".config.json")
		id := strings.Replace(base, "__", "/", 1)
		if have[id] {
			continue
		}
		text, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if why := notServed(id, text, filepath.Join(dir, base+".hf_quant_config.json")); why != "" {
			fmt.Printf("refused %s: %s\n", id, why)
			continue
		}
		if pre, err := os.ReadFile(filepath.Join(dir, base+".preprocessor_config.json")); err == nil {
			text = append(append(text, '\n'), pre...)
		}
		r, err := hfconfig.Parse(string(text))
		if err != nil {
			fmt.Printf("refused %s: %v\n", id, err)
			continue
		}
		src, ok := sources[filepath.Base(f)]
		if !ok {
			fmt.Printf("skipped %s: no row in SOURCES.md\n", id)
			continue
		}
		r.Model.ID = id
		e := presets.ModelEntry{Model: r.Model, Name: id[strings.Index(id, "/")+1:], Source: src, Notes: notes(r.Findings)}
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		catalog = append(catalog, b)
		have[id] = true
		added++
	}
	var out bytes.Buffer
	enc, err := json.MarshalIndent(catalog, "", " ")
	if err != nil {
		return err
	}
	out.Write(enc)
	out.WriteByte('\n')
	fmt.Printf("added %d models\n", added)
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// notServed says why a config is not a generative checkpoint the catalog
// can size: pooling and reward heads (vLLM serves them without a KV cache
// of the same use), and ModelOpt builds whose quantization lives in
// hf_quant_config.json, which the config parser does not read (their
// config.json alone reads as the 16-bit base).
func notServed(id string, config []byte, quantFile string) string {
	var c struct {
		Architectures []string `json:"architectures"`
	}
	_ = json.Unmarshal(config, &c)
	for _, a := range c.Architectures {
		for _, head := range []string{"ForSequenceClassification", "ForTokenClassification", "ForRewardModel", "ForEmbedding"} {
			if strings.HasSuffix(a, head) {
				return "architecture " + a + " is a pooling model"
			}
		}
		switch a {
		case "LlamaModel", "MistralModel", "Qwen2Model", "Qwen3Model":
			return "architecture " + a + " has no LM head: a pooling model"
		}
	}
	// Embedding and reward builds that keep a causal-LM architecture.
	low := strings.ToLower(id)
	for _, w := range []string{"embedding", "reward", "/gte-", "/e5-"} {
		if strings.Contains(low, w) {
			return "an embedding or reward model (its name says " + strings.Trim(w, "/-") + ")"
		}
	}
	if _, err := os.Stat(quantFile); err == nil {
		return "its quantization is in hf_quant_config.json, which calc/hfconfig does not read"
	}
	return ""
}

// notes summarizes what the parser assumed or did not model.
func notes(fs finding.List) string {
	var parts []string
	for _, f := range fs {
		switch f.Kind {
		case finding.Assumed, finding.Unmodelled:
			parts = append(parts, f.Field+": "+f.Detail)
		}
	}
	if len(parts) == 0 {
		return "read whole by calc/hfconfig"
	}
	return "read by calc/hfconfig; " + strings.Join(parts, "; ")
}

// readSources maps each file of a SOURCES.md table to its source line(s).
func readSources(path string) map[string][]string {
	out := map[string][]string{}
	b, err := os.ReadFile(path)
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 6 || !strings.HasSuffix(strings.TrimSpace(cells[1]), ".json") {
			continue
		}
		file, src, p, commit, note := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2]), strings.TrimSpace(cells[3]), strings.TrimSpace(cells[4]), strings.TrimSpace(cells[5])
		s := src
		if p != "" && p != "-" {
			s += " " + p
		}
		if commit != "" && commit != "-" {
			s += " @" + commit
		}
		out[file] = []string{"config.json as published: " + s, "identification: " + note}
	}
	return out
}
