// Package netguard keeps afterimage's crawler away from internal networks.
//
// A fetched page decides which URLs are fetched next, and a DNS name decides
// which address a URL reaches, so a crawler that follows links can be
// pointed at the machine it runs on or at its network (a cloud metadata
// service, a database, a router). Dialer refuses such addresses: it decides
// in net.Dialer's Control hook, on the address the name resolved to, after
// the socket is created and before it connects, so a refused address is
// never contacted. Classify and Policy.Check are the pure decision, usable
// on their own.
package netguard
