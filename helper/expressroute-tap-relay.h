// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_TAP_RELAY_H
#define EXPRESSROUTE_TAP_RELAY_H

// Emulation glue: one circuit link's edge side handed to a real router in a Linux network
// namespace. A tap interface is created inside the namespace (it carries the customer's
// addresses of the link); an ns-3 FdNetDevice reads and writes its Ethernet frames; the relay
// passes IPv4 packets between it and the simulated CE's point-to-point device, and answers the
// router's ARP requests for the MSEE's addresses. The simulated CE node then only carries
// packets: its own IP stack no longer sees the link. Out of scope: VLAN tags (one tap per link,
// every peering's /30 on it), IPv6 (dropped). A link taken down in the model (a signalled
// failure) takes the tap's carrier down, so that the router sees its interface go down.

#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{

class FdNetDevice;

namespace expressroute
{

/**
 * Opens a new tap interface @p ifname inside network namespace @p netns (/run/netns/NAME, as
 * `ip netns add` makes it) and returns its file descriptor; the interface lives as long as the
 * descriptor. Throws std::runtime_error naming the namespace, interface and OS reason.
 */
int OpenTapInNamespace(const std::string& netns, const std::string& ifname);

/**
 * Gives the tap @p ifname in @p netns the prefixes @p addresses ("192.168.100.1/30") and brings
 * it up, with `ip -n`. Throws std::runtime_error with the command that failed.
 */
void ConfigureTap(const std::string& netns,
                  const std::string& ifname,
                  const std::vector<std::string>& addresses);

/**
 * Relays IPv4 between a simulated point-to-point device and a tap's FdNetDevice, and answers
 * ARP on the tap for the addresses given (the MSEE's side of each /30).
 */
class TapRelay : public Object
{
  public:
    static TypeId GetTypeId();
    TapRelay();
    ~TapRelay() override;

    /**
     * Takes over @p edge (its node's IP stack stops receiving from it) and connects it to a new
     * FdNetDevice on a new node, reading @p tapFd (which it then owns).
     */
    void Install(Ptr<NetDevice> edge, int tapFd, std::vector<Ipv4Address> answerArpFor);

    /// The tap's carrier (TUNSETCARRIER): down makes the interface in the namespace lose its
    /// link, as a cut fibre would. Returns false with errno set when the kernel refuses.
    bool SetCarrier(bool up);

    /// Packets passed towards the router and from it.
    uint64_t GetToTap() const { return m_toTap; }
    uint64_t GetFromTap() const { return m_fromTap; }

  protected:
    void DoDispose() override;

  private:
    bool FromEdge(Ptr<NetDevice> dev, Ptr<const Packet> packet, uint16_t protocol, const Address& from);
    bool FromTap(Ptr<NetDevice> dev, Ptr<const Packet> packet, uint16_t protocol, const Address& from);
    void AnswerArp(Ptr<const Packet> packet, const Address& from);

    Ptr<NetDevice> m_edge;
    Ptr<FdNetDevice> m_tap;
    Ptr<Node> m_node;
    int m_fd{-1}; ///< the tap, read and written by m_tap
    std::vector<Ipv4Address> m_answerArpFor;
    Mac48Address m_router;   ///< the router's MAC, learnt from its frames
    bool m_routerKnown{false};
    uint64_t m_toTap{0};
    uint64_t m_fromTap{0};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_TAP_RELAY_H
