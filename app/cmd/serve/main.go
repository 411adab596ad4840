// Command serve serves the built site (dist/) on localhost, at "/" and at
// "/tools/vram/", to show that one build works under any sub-path.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"vram/app/staticserve"
)

func main() {
	dir := flag.String("dir", "dist", "built site folder")
	flag.Parse()
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	if _, err := os.Stat(*dir + "/index.html"); err != nil {
		log.Fatalf("serve: %s/index.html missing; run `make build` first", *dir)
	}
	mux := http.NewServeMux()
	mux.Handle("/tools/vram/", staticserve.Handler(*dir, "/tools/vram/"))
	mux.Handle("/tools/vram", staticserve.Handler(*dir, "/tools/vram/"))
	mux.Handle("/", staticserve.Handler(*dir, "/"))
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Serving %s\n  http://localhost:%s/\n  http://localhost:%s/tools/vram/\n", *dir, port, port)
	log.Fatal(http.Serve(ln, mux))
}
