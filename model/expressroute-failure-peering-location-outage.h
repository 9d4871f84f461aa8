// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_PEERING_LOCATION_OUTAGE_H
#define EXPRESSROUTE_FAILURE_PEERING_LOCATION_OUTAGE_H

// A whole peering location fails: both MSEEs there (and every circuit link landing on them)
// stop (Silent, the default) or go down (Signalled). Fact sheet §2, §8 (HA, RES).

#include "expressroute-failure.h"

namespace ns3
{
namespace expressroute
{

class PeeringLocationOutage : public LinkSetFailure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::PeeringLocation; }

  protected:
    std::string DoBind() override;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_PEERING_LOCATION_OUTAGE_H
