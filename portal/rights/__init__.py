"""Rights of persons with disabilities: the public list and the rules that apply them to one person."""
