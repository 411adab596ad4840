//go:build wasm

package main

// generate is native only: the generator's code stays out of app.wasm.
func generate() {}
