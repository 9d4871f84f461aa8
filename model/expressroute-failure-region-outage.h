// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_REGION_OUTAGE_H
#define EXPRESSROUTE_FAILURE_REGION_OUTAGE_H

// An Azure region fails: its VNets' gateways and VMs go down (signalled: the backbone sees
// the region's links go, withdraws them from its interior routes, and the MSEEs drop routes
// whose next hop went with them). Fact sheet §8.

#include "expressroute-failure.h"

namespace ns3
{
namespace expressroute
{

class RegionOutage : public LinkSetFailure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::Region; }

  protected:
    std::string DoBind() override;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_REGION_OUTAGE_H
