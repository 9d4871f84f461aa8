// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FIB_ROUTING_H
#define EXPRESSROUTE_FIB_ROUTING_H

#include "expressroute-fib.h"

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace ns3
{
namespace expressroute
{

/**
 * An ns-3 Ipv4RoutingProtocol that forwards from a Fib: longest-prefix match, equal-cost
 * multipath by 5-tuple hash (ExpressRoute runs its two links active/active and balances per
 * flow, references.md §3 HA), connected routes from the interfaces' addresses. A next hop whose
 * interface is down is skipped, so a signalled link failure moves traffic to the remaining
 * equal-cost paths at once; a silent failure (the interface stays up) is not seen here and
 * waits for the control plane.
 */
class FibRouting : public Ipv4RoutingProtocol
{
  public:
    /// An interface went down (true) or up (false): interface index.
    typedef void (*InterfaceStateCallback)(uint32_t interface, bool down);
    /// A static route changed: prefix, next hops it now has (0: removed).
    typedef void (*StaticRouteCallback)(std::string prefix, uint32_t nextHops);

    static TypeId GetTypeId();
    FibRouting();
    ~FibRouting() override;

    /// The routes, for the control plane to install into.
    Fib& GetFib() { return m_fib; }
    const Fib& GetFib() const { return m_fib; }
    /// Sets a static route while the simulation runs (a tracked next hop came or went), or
    /// removes it when @p nextHops is empty; fires StaticRouteChanged.
    void SetStaticRoute(const Ipv4Prefix& prefix, std::vector<NextHop> nextHops);

    /// The next hop this node chooses for a packet it sends itself (RouteOutput): the packet has
    /// no L4 header yet, so no ports are hashed, and a UDP socket bound to any address asks
    /// before its source is chosen (the header's source is ns-3's unset 102.102.102.102); TCP
    /// asks with its bound address. So a host with two uplinks sends all its UDP to a
    /// destination over one of them, as ns-3 does.
    std::optional<NextHop> SelectLocalNextHop(uint32_t src, uint32_t dst, uint8_t protocol) const;
    /// The next hop this router would use for a flow; nullopt when there is no usable route.
    std::optional<NextHop> SelectNextHop(uint32_t src,
                                         uint32_t dst,
                                         uint8_t protocol,
                                         uint16_t srcPort,
                                         uint16_t dstPort) const;
    /// Decides whether a packet this router forwards passes: IP bytes, header, transport
    /// ports, incoming and outgoing interface. False drops it (a policer: the gateways' data
    /// path, expressroute-gateway-data-path.h).
    using ForwardFilter =
        Callback<bool, uint32_t, const Ipv4Header&, uint16_t, uint16_t, uint32_t, uint32_t>;
    void SetForwardFilter(ForwardFilter filter) { m_forwardFilter = filter; }
    /// Holds every forwarded packet for a random extra time, uniform in [0, @p maxJitter],
    /// keeping their order (an internet path's jitter; the VPN's internet node).
    void SetForwardJitter(Time maxJitter, int64_t stream);

    /// True when @p addr (host order) is one of this node's addresses.
    bool IsLocalAddress(uint32_t addr) const { return m_local.count(addr) > 0; }

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<Ipv4Route> MakeRoute(const NextHop& hop, uint32_t dst) const;
    /// The interface's address on the subnet of @p towards, else its first address.
    Ipv4Address SourceAddress(uint32_t interface, uint32_t towards) const;
    void AddConnected(uint32_t interface, const Ipv4InterfaceAddress& address);
    void RemoveConnected(uint32_t interface, const Ipv4InterfaceAddress& address);

    Ptr<Ipv4> m_ipv4;
    Fib m_fib;
    ForwardFilter m_forwardFilter;
    Time m_maxJitter;
    Time m_lastDeparture;
    Ptr<UniformRandomVariable> m_jitter;
    std::unordered_set<uint32_t> m_local;     ///< this node's unicast addresses
    std::unordered_set<uint32_t> m_broadcast; ///< subnet-directed broadcast addresses
    uint32_t m_ecmpSeed{0};
    bool m_keepAddresses{false}; ///< KeepAddressesWhenDown
    TracedCallback<uint32_t, bool> m_interfaceState;
    TracedCallback<std::string, uint32_t> m_staticRoute;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FIB_ROUTING_H
