module heapdump.test/gosrc

go 1.19
