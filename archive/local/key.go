package local

// tmpDir is the directory under the root that holds files being written;
// archive.CheckKey refuses keys naming it.
const tmpDir = ".tmp"
