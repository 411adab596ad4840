package calc

// The kinds of decoder layers the weights count apart (calc/README.md
// "Weights"): most decoders have one kind; hybrid and DeepSeek-style
// decoders mix them.

// layerKind sorts decoder layers by the parameters they hold: a gated
// DeltaNet in place of attention (linear), a dense MLP inside an MoE
// decoder (dense).
type layerKind struct{ linear, dense bool }

var layerKinds = []layerKind{{}, {linear: true}, {dense: true}, {linear: true, dense: true}}

// kindOf is layer i's kind.
func kindOf(t TextConfig, i int) layerKind {
	return layerKind{linear: t.Linear(i), dense: t.Experts > 0 && i < t.DenseLayers}
}

// countLayers is how many of the n layers from first are of kind k.
func countLayers(t TextConfig, first, n int, k layerKind) int {
	c := 0
	for i := first; i < first+n; i++ {
		if kindOf(t, i) == k {
			c++
		}
	}
	return c
}
