// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_GATEWAY_DATA_PATH_H
#define EXPRESSROUTE_GATEWAY_DATA_PATH_H

// The data path of an ExpressRoute gateway: the traffic it forwards between the circuits and
// its VNet is capped at the SKU's throughput and packets per second, without burst (Microsoft documentation (doc/references.md)
// §6, GWPERF), by token buckets only 10 ms deep (BurstTime), one per direction and
// instance. Flows are spread over the instances by their 5-tuple; each instance has its share
// of the capacity, so an instance that fails or is in maintenance takes its share away (fact
// sheet §6: upgrades take instances down one at a time, throughput drops, no outage). The flows
// pinned to it are dropped for RepinDelay (their connections reset, then come back on another
// instance), then move to the others. With FastPath, traffic towards the VNet bypasses the gateway's
// data path (GW, FP); traffic from the VNet still crosses it.

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <set>
#include <vector>

namespace ns3
{
class Ipv4Header;
class Node;

namespace expressroute
{

class GatewayDataPath : public Object
{
  public:
    /// Counters since the start, per direction (0: towards the VNet, 1: from the VNet).
    struct Counters
    {
        uint64_t bytes[2]{0, 0};
        uint64_t packets[2]{0, 0};
        uint64_t droppedPackets[2]{0, 0};
        uint64_t droppedBytes[2]{0, 0};
        uint64_t bypassedBytes{0}; ///< FastPath: towards the VNet, not through the data path

        /// Adds @p o's counts (another engine's traffic through the same gateway).
        void Add(const Counters& o)
        {
            for (int d = 0; d < 2; ++d)
            {
                bytes[d] += o.bytes[d];
                packets[d] += o.packets[d];
                droppedPackets[d] += o.droppedPackets[d];
                droppedBytes[d] += o.droppedBytes[d];
            }
            bypassedBytes += o.bypassedBytes;
        }
    };

    static TypeId GetTypeId();
    GatewayDataPath();
    ~GatewayDataPath() override;

    /// Polices what @p node forwards; interfaces in @p vnetSide lead to the VNet's hosts.
    void Install(Ptr<Node> node, std::set<uint32_t> vnetSide);
    /// Traffic entering or leaving by interface @p i does not cross this data path (the link
    /// to the VNet's VPN gateway, which has its own).
    void Exempt(uint32_t i) { m_exempt.insert(i); }
    /// Takes instance @p i out of service (false) or back (true).
    void SetInstanceUp(uint32_t i, bool up);
    uint32_t GetInstances() const { return m_instances; }
    uint32_t GetInstancesUp() const;
    const Counters& GetCounters() const { return m_counters; }
    bool IsFastPath() const { return m_fastPath; }
    uint64_t GetThroughputBps() const { return m_throughputBps; }
    Time GetRepinDelay() const { return m_repinDelay; }
    /// The instance that forwards a flow's packets now (its 5-tuple, host-order addresses), or
    /// negative: they are dropped (-1 - i: instance i, the one it is pinned to, went out of
    /// service less than RepinDelay ago; -1 also when none is in service). The packet path and
    /// the flow engine both ask.
    int32_t InstanceOf(uint32_t src, uint32_t dst, uint8_t protocol, uint16_t srcPort,
                       uint16_t dstPort) const;
    /// Whether a packet of this 5-tuple, in by interface @p iif and out by @p oif, is dropped
    /// whatever its rate: it crosses the data path (neither interface exempt, not towards the
    /// VNet with FastPath) and InstanceOf is negative. What a trace of the path asks.
    bool Drops(uint32_t src, uint32_t dst, uint8_t protocol, uint16_t srcPort, uint16_t dstPort,
               uint32_t iif, uint32_t oif) const;

  private:
    struct Bucket
    {
        double bits{0};
        double packets{0};
        Time last;
    };

    bool Pass(uint32_t bytes, const Ipv4Header& header, uint16_t srcPort, uint16_t dstPort,
              uint32_t iif, uint32_t oif);

    uint64_t m_throughputBps{0};
    uint64_t m_packetsPerSecond{0};
    uint32_t m_instances{2};
    bool m_fastPath{false};
    Time m_burst;
    std::set<uint32_t> m_vnetSide;
    std::set<uint32_t> m_exempt;
    void UpdateInService();

    std::vector<bool> m_up;
    std::vector<uint32_t> m_inService; ///< indices of the instances up (kept off the packet path)
    std::vector<Time> m_downSince; ///< when each instance went out of service
    Time m_repinDelay;
    std::vector<Bucket> m_buckets; ///< instance * 2 + direction
    Counters m_counters;
    TracedCallback<uint32_t, bool> m_dropTrace;
    TracedCallback<uint32_t, bool> m_instanceChanged;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_GATEWAY_DATA_PATH_H
