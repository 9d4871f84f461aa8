// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_PREFIX_LIMIT_BREACH_H
#define EXPRESSROUTE_FAILURE_PREFIX_LIMIT_BREACH_H

// The customer starts advertising Prefixes more prefixes (/29s from 198.18.0.0/15). The target
// says where the mistake is:
// - a circuit: a per-session export policy gone wrong on the router that peers with the MSEEs;
//   the prefixes go out on that circuit's private-peering sessions only (its own routing
//   domain), other circuits of the same router are untouched;
// - a site: a leaked redistribution on the site's edge routers; the prefixes go out on every
//   session of those routers, so every circuit of the site (and a Microsoft peering, whose
//   limit is 200) sees them.
// Above the limit of a circuit's tier the MSEE tears its sessions down (references.md §1, LIM).
// Cleared: the prefixes are withdrawn.

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
    /// The routers that advertise the extra prefixes (their sessions go down).
    bool GetReach(std::vector<std::size_t>& links, std::vector<uint32_t>& nodes) const override;
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override
    {
        return FailureTargetKind::PrivatePeeringOrSite;
    }

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
    std::vector<std::string> m_domains; ///< routing domains it goes to; empty: every session
    uint32_t m_prefixes{4001};
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_PREFIX_LIMIT_BREACH_H
