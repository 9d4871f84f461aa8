// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_PCAP_LINKS_H
#define EXPRESSROUTE_PCAP_LINKS_H

// What --pcap captures and how: the links chosen by name or glob (--pcap-links), the capture
// file of each link end, and the framing of a circuit link's packets. ns-3's point-to-point
// circuit link carries all of a circuit's peerings on one device, untagged; in the capture each
// packet is written as an Ethernet frame with the 802.1Q tag of the peering it belongs to (the
// VLAN the scenario gives the peering), so tshark shows "802.1Q Virtual LAN, ID: 100" as on a
// real circuit. The MAC addresses are synthetic. Other links keep ns-3's PPP framing.

#include "ns3/ptr.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
class Packet;

namespace expressroute
{

class Circuit;
class Topology;

/// The links to capture when --pcap-links is not given: every circuit link.
const std::vector<std::string>& DefaultPcapLinks();

// Indices into Topology::GetLinks() of the links @p patterns select: a pattern is a link name
// ("circuit/contoso-ams/primary", "backbone/West Europe--North Europe",
// "internet/vpn-weu/site") or a glob over names (fnmatch: "circuit/*", "backbone/*Europe*"); a
// circuit's name selects both its links. Throws std::invalid_argument naming a pattern that
// selects nothing, with a did-you-mean.
std::vector<std::size_t> SelectPcapLinks(const Topology& topology,
                                         const std::vector<std::string>& patterns);

/**
 * The capture file's name (without directory) of end @p a (true) or b of a link:
 * "<circuit>-<primary|secondary>-<edge|msee>.pcap" for a circuit link, else the link's name with
 * '/' and ' ' as '_' and "-a"/"-b" (a: the end named first, e.g. the first region of a backbone
 * link).
 */
std::string PcapFileName(const Topology& topology, std::size_t link, bool a);

/**
 * The VLAN of the peering of @p circuit that carries an IPv4 packet from @p src to @p dst
 * (host order): the peering whose /30s hold an address (its BGP sessions), else Microsoft
 * peering for Microsoft's service prefixes (20.192.0.0/15) and the customer's advertised public
 * prefixes, else private peering. 0 when the circuit has no such peering.
 */
uint16_t PeeringVlan(const Circuit& circuit, uint32_t src, uint32_t dst);

/**
 * The Ethernet frame (802.1Q-tagged with the packet's peering VLAN, untagged when 0) of a PPP
 * packet seen on a circuit link; non-IPv4 packets keep their payload with EtherType 0x88b5.
 */
std::vector<uint8_t> CircuitFrame(const Circuit& circuit, Ptr<const Packet> ppp);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_PCAP_LINKS_H
