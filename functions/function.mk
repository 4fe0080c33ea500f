# Shared by every functions/<name>/Makefile: `sam build` (BuildMethod: makefile) runs
# `make build-<LogicalId>` in the function folder with ARTIFACTS_DIR set. SAM's Maven builder ignores
# reactors and shaded jars, so we build the reactor ourselves and hand Lambda the one shaded jar.
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
MODULE := $(patsubst $(ROOT)/%/,%,$(abspath $(CURDIR))/)

define build-function
	cd $(ROOT) && mvn -B -q -ntp -DskipTests -pl $(MODULE) -am package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(ROOT)/$(MODULE)/target/function.jar $(ARTIFACTS_DIR)/lib/function.jar
endef
