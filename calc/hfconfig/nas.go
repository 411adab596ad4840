package hfconfig

import (
	"fmt"
	"slices"

	"vram/calc"
	"vram/calc/finding"
)

// nasBlocks reads a Nemotron-NAS config's block_configs (one per layer)
// into calc.Block: num_attention_heads / n_heads_in_group KV heads, or 0
// for a no-op attention; _ffn_mult_to_intermediate_size(ffn_mult) or 0 for
// a no-op FFN (vllm nemotron_nas.py). The decoder's KV heads are the first
// attending block's (get_total_num_kv_heads), its intermediate_size the
// widest block's. A block that replaces attention or FFN with a linear is
// refused: calc does not size it.
func (r *Result) nasBlocks(f configFields) {
	t := &r.Model.Text
	f.r.mark("block_configs")
	list, _ := f.text["block_configs"].([]any)
	if list == nil {
		list, _ = f.cfg["block_configs"].([]any)
	}
	if len(list) > maxBlocks {
		r.Findings.Addf("block_configs", fmt.Sprint(len(list)), finding.Missing, "more than %d blocks", maxBlocks)
		return
	}
	if len(list) == 0 || len(list) != t.Layers {
		r.Findings.Addf("block_configs", fmt.Sprint(len(list)), finding.Missing, "a Nemotron-NAS config needs one block per layer (%d layers)", t.Layers)
		return
	}
	t.Blocks = make([]calc.Block, 0, len(list))
	for i, item := range list {
		b := obj(nil)
		if m, ok := item.(map[string]any); ok {
			b = obj(m)
		}
		attn, ffn := b.sub("attention"), b.sub("ffn")
		if lin, _ := attn.boolean("replace_with_linear"); lin {
			r.Findings.Addf("block_configs", fmt.Sprintf("[%d]", i), finding.Missing, "layer %d replaces attention with a linear, which is not modelled", i)
			return
		}
		if lin, _ := ffn.boolean("replace_with_linear"); lin {
			r.Findings.Addf("block_configs", fmt.Sprintf("[%d]", i), finding.Missing, "layer %d replaces its FFN with a linear, which is not modelled", i)
			return
		}
		var blk calc.Block
		if noop, _ := attn.boolean("no_op"); !noop {
			g, ok := attn.num("n_heads_in_group")
			if !ok || g < 1 || g > 1<<16 || int(g) == 0 || t.Heads%int(g) != 0 {
				r.Findings.Addf("block_configs", fmt.Sprintf("[%d]", i), finding.Missing, "layer %d's n_heads_in_group does not divide num_attention_heads %d", i, t.Heads)
				return
			}
			blk.KVHeads = t.Heads / int(g)
		}
		if noop, _ := ffn.boolean("no_op"); !noop {
			m, ok := ffn.num("ffn_mult")
			if !ok || m <= 0 || m > 64 {
				r.Findings.Addf("block_configs", fmt.Sprintf("[%d]", i), finding.Missing, "layer %d's ffn_mult is not a positive number", i)
				return
			}
			blk.Intermediate = calc.NASIntermediate(m, t.Hidden)
		}
		t.Blocks = append(t.Blocks, blk)
	}
	attending := slices.IndexFunc(t.Blocks, func(b calc.Block) bool { return b.KVHeads > 0 })
	if attending < 0 {
		r.Findings.Add("block_configs", "", finding.Missing, "no layer attends")
		return
	}
	t.KVHeads = t.Blocks[attending].KVHeads
	r.Findings = slices.DeleteFunc(r.Findings, func(x finding.Finding) bool { return x.Field == f.prefix+"num_key_value_heads" })
	r.Findings.Addf("num_key_value_heads", fmt.Sprint(t.KVHeads), finding.Read, "from block_configs: the first attending layer's (get_total_num_kv_heads)")
	for _, b := range t.Blocks {
		t.Intermediate = max(t.Intermediate, b.Intermediate)
	}
	r.Findings.Addf("block_configs", fmt.Sprintf("%d layers", len(t.Blocks)), finding.Read, "%d attend; MLP widths up to %d", countAttending(t.Blocks), t.Intermediate)
}

func countAttending(bs []calc.Block) int {
	n := 0
	for _, b := range bs {
		if b.KVHeads > 0 {
			n++
		}
	}
	return n
}
