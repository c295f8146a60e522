-- hosts.lua: makes wrk ask for / of a random press among $PRESSES hosts named p1.test ...
local n = tonumber(os.getenv("PRESSES"))
request = function()
	return wrk.format("GET", "/", {["Host"] = "p" .. math.random(n) .. ".test"})
end
