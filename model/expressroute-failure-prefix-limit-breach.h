// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_PREFIX_LIMIT_BREACH_H
#define EXPRESSROUTE_FAILURE_PREFIX_LIMIT_BREACH_H

// The customer starts advertising Prefixes more prefixes on a circuit's private peering (a
// redistribution mistake): /29s from 198.18.0.0/15 originated by the router that peers with
// the MSEEs. Above the limit of the circuit's tier the MSEE tears the sessions down (fact sheet
// §1, LIM). Cleared: the prefixes are withdrawn.

#include "expressroute-failure.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-ipv4-prefix.h"

#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

class PrefixLimitBreach : public Failure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::Circuit; }

  protected:
    std::string DoBind() override;
    void DoStart() override;
    void DoClear() override;

  private:
    /// The i-th /29 of 198.18.0.0/15 (RFC 2544 benchmarking space, used by nobody else here).
    static Ipv4Prefix Prefix(uint32_t i)
    {
        return Ipv4Prefix{((198u << 24) | (18u << 16)) + (i << 3), 29};
    }

    std::vector<Ptr<BgpSpeaker>> m_speakers;
    uint32_t m_prefixes{4001};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_PREFIX_LIMIT_BREACH_H
