-- post_comments.lua: makes wrk send comment forms, each with a text of its own, using the form
-- token in $COMMENT_TOKEN (at least 3 s old).
local token = os.getenv("COMMENT_TOKEN")
local n = 0
local id = tostring(math.random(1, 1000000000))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
	n = n + 1
	local body = "token=" .. token .. "&name=Bench&body=Comment+" .. id .. "+number+" .. n
	return wrk.format(nil, nil, nil, body)
end
