/**
 * The value of lost load (VoLL): what a kWh of demand that is not served costs its user (EUR/kWh).
 * One figure prices every kWh hubsim counts as not served (docs/economics.md sections 4, 6 and 8):
 *
 *   unserved energy (rollout)  = import above a hub's granted cap            x VoLL
 *   lost shed load (run, rollout) = flexible load shed without recovery       x VoLL
 *
 * Default: EUR 20,000/MWh = EUR 20/kWh, the lowest sectoral value (industrial SMEs) of Ecorys and SEO
 * for ACM (2022); the national value is EUR 69,000/MWh. It is measured for unannounced outages, so
 * for load that waits for a connection, or that a hub chose to shed, it is an upper range.
 */
export const VALUE_OF_LOST_LOAD_EUR_PER_KWH = 20;

export const VALUE_OF_LOST_LOAD_SOURCE =
  'Ecorys and SEO for ACM (2022), The value of lost load for electricity in the Netherlands: EUR 20,000/MWh for industrial SMEs, the lowest sectoral value (national 69,000); a value for unannounced outages, an upper range for announced waiting';
