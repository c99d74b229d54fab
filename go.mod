module iamconsole

go 1.26.8
