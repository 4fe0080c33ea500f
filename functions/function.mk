# Shared by every functions/<name>/Makefile: `sam build` (BuildMethod: makefile) runs
# `make build-<LogicalId>` in the function folder with ARTIFACTS_DIR set. SAM's Maven builder ignores
# reactors and shaded jars, so we build the reactor ourselves and hand Lambda the one shaded jar: the very
# functions/<name>/target/function.jar the local API runs.
#
# The reactor is built once per `sam build`, not once per function: the first function builds every
# function module (and the shared modules they need) and touches a stamp; the next ones find no source
# newer than the stamp and only copy their jar. A change anywhere (shared/, functions/, a pom) rebuilds.
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
MODULE := $(patsubst $(ROOT)/%/,%,$(abspath $(CURDIR))/)
comma := ,
empty :=
space := $(empty) $(empty)
FUNCTION_MODULES := $(subst $(space),$(comma),$(patsubst $(ROOT)/%/pom.xml,%,$(wildcard $(ROOT)/functions/*/pom.xml)))
STAMP := $(ROOT)/target/sam-reactor.stamp
CHANGED := find $(ROOT)/pom.xml $(ROOT)/shared $(ROOT)/functions -newer $(STAMP) \
	\( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -print -quit

define build-function
	cd $(ROOT) && if [ ! -f $(STAMP) ] || [ -n "$$($(CHANGED))" ] || [ ! -f $(MODULE)/target/function.jar ]; then \
		mvn -B -q -ntp -DskipTests -pl $(FUNCTION_MODULES) -am package && mkdir -p target && touch $(STAMP); fi
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(ROOT)/$(MODULE)/target/function.jar $(ARTIFACTS_DIR)/lib/function.jar
endef
