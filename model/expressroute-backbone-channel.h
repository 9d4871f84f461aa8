// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BACKBONE_CHANNEL_H
#define EXPRESSROUTE_BACKBONE_CHANNEL_H

// A backbone link's wire in the packet engine: ns-3's point-to-point channel plus an optional
// per-packet jitter. The backbone's link delays are fitted P50 values (doc/backbone.md), so a
// probe across them has no variance; real Connection Monitor round-trip times vary by a few
// percent. With JitterRatio r > 0 each packet arrives after delay + U(0, r x delay), drawn from
// the channel's own seeded stream, and never before the packet sent ahead of it in the same
// direction (no reordering). JitterRatio 0, the default, is ns-3's channel unchanged. The flow
// engine uses the nominal delays and ignores the jitter (doc/backbone.md, "Jitter").

#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h" // point-to-point-channel.h needs it complete

namespace ns3
{

class UniformRandomVariable;

namespace expressroute
{

/**
 * Point-to-point channel of a backbone link with optional per-packet jitter.
 */
class BackboneChannel : public PointToPointChannel
{
  public:
    static TypeId GetTypeId();
    BackboneChannel();
    ~BackboneChannel() override;

    /// The JitterRatio a new channel gets (the attribute's default, as Config::SetDefault or
    /// --ns3::expressroute::BackboneChannel::JitterRatio set it).
    static double GetDefaultJitterRatio();

    bool TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime) override;

    /// Uses stream @p stream for the jitter draws; returns the number of streams used (1).
    int64_t AssignStreams(int64_t stream);

  private:
    double m_jitterRatio{0};
    Ptr<UniformRandomVariable> m_uniform;
    Time m_lastArrival[2]; ///< per direction (index of the sending device)
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BACKBONE_CHANNEL_H
