#!/bin/sh
# make demo: the classroom demo in one command.
#   usage: demo.sh TCPVIZ RECORDED.pcap
# On a terminal: tcpviz --demo (one system call per key). Without capture
# permission, explains how to get it and offers the recorded demo, so a
# lecture never stalls. Without a terminal (CI, a pipe): the recorded demo
# as text, exit 0; nothing here ever waits for a key that cannot come.

tcpviz=$1
recorded=$2
shift 2

if [ ! -t 0 ] || [ ! -t 1 ]; then
	echo "make demo: not on a terminal, so here is the recorded demo as"
	echo "text (on a terminal, make demo runs it live, one call per key)."
	echo
	exec "$tcpviz" --demo --text -r "$recorded"
fi

"$tcpviz" --demo "$@"
status=$?
[ "$status" -ne 3 ] && exit "$status"

# 3: no permission to capture; tcpviz has said why and how to fix it.
echo
echo "To run the demo live next time: sudo make demo, or once"
echo "\`sudo make setcap\` (lost when tcpviz is rebuilt)."
printf "Replay the recorded demo now instead? [Y/n] "
read -r answer || answer=n
case $answer in
[nN]*) exit 0 ;;
esac
exec "$tcpviz" --demo -r "$recorded"
