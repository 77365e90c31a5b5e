-- Resumes sync runs: the first run starts at once, as the spec's generation changed.
obj.spec.suspend = false
return obj
