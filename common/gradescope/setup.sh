#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image
# (Ubuntu): install the build dependencies, build the grader, and make the
# account student code runs as.
set -euo pipefail
cd /autograder/source
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends build-essential pkg-config \
    libcriterion-dev libpcap-dev libncurses-dev python3 >/dev/null
make -s deps build/bin/socklab-grade

# socklab: no login, no home, its own group. run_autograder passes its uid
# to the grader (--uid); it can read neither the hidden tests here nor the
# results, which stay root's alone.
id -u socklab >/dev/null 2>&1 ||
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin socklab
chown -R root:root /autograder/source
chmod 0700 /autograder/source
mkdir -p /autograder/results
chmod 0700 /autograder/results
