/* Hostile submission: does not compile. Expect [BUILD] and zero. */
#include "sockets.h"

int
sock_open(int family, enum sock_transport transport)
{
	return socket(family, transport  /* missing ")" and ";" */
}
