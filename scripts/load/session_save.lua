-- wrk script: the mentor saves a session (POST, form encoded), as the phone
-- form sends it. Environment: COOKIE, CITIZEN, GRANT, TASK, DAY.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("COOKIE")
wrk.headers["Sec-Fetch-Site"] = "same-origin"

local function enc(s)
  return (s:gsub("([^%w%-%.%_%~ ])", function(c) return string.format("%%%02X", string.byte(c)) end):gsub(" ", "+"))
end

local grant = os.getenv("GRANT")
wrk.path = "/borgere/" .. os.getenv("CITIZEN") .. "/samtaler"
wrk.body = "grant_id=" .. grant .. "&occurred_on=" .. os.getenv("DAY") .. "&start_time=10%3A00&minutes=45"
  .. "&form=fremmoede&contact=kontakt&place=uden_for_hjemmet&direction=mod&note=Belastningstest"
  .. "&tasks_" .. grant .. "=" .. enc(os.getenv("TASK"))

function done(summary, latency, requests)
  for _, p in pairs({50, 95, 99}) do
    io.write(string.format("p%d: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
