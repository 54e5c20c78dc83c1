#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image
# (Ubuntu): install the build dependencies and build the grader.
set -euo pipefail
cd /autograder/source
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential pkg-config \
    libcriterion-dev libpcap-dev libncurses-dev python3 >/dev/null
make -s deps build/bin/socklab-grade
